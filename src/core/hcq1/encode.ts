// HCQ1 encoding, as an issuer does it: deterministic CBOR, signed with the issuer's Ed25519 key.
import nacl from 'tweetnacl';
import { base45Encode } from './base45.js';
import { cborEncode, cborEncodeTagged } from './cbor-encode.js';
import { CLAIM } from './claims.js';
import { ALG_EDDSA, COSE_SIGN1_TAG, PREFIX, toBeSigned } from './cose.js';
import { COLOURS, type HealthClaims } from './types.js';

/** What signing needs: the kid and the 64-byte tweetnacl secret key. */
export interface SigningKey {
  kid: Uint8Array;
  secretKey: Uint8Array;
}

/** The payload bytes of claims, in core deterministic CBOR (RFC 8949 §4.2.1). */
export function encodeClaims(claims: HealthClaims): Uint8Array {
  // Deterministic order sorts keys by their encoded bytes: shorter text keys first, then bytewise.
  const hc = new Map<string, unknown>([
    ['c', COLOURS.indexOf(claims.colour)],
    ['n', claims.name],
    ['s', claims.subject],
    ['v', 1],
    ['cs', claims.colourSince],
    ['id', claims.idLast4],
  ]);
  if (claims.test) hc.set('na', [claims.test.result === 'negative' ? 0 : 1, claims.test.sampledAt]);
  if (claims.proxy !== undefined) hc.set('px', claims.proxy);
  if (claims.doses !== undefined) hc.set('vx', claims.doses);
  return cborEncode(
    new Map<number, unknown>([
      [CLAIM.iss, claims.iss],
      [CLAIM.exp, claims.exp],
      [CLAIM.iat, claims.iat],
      [CLAIM.hc, hc],
    ]),
  );
}

/** The protected header HCQ1 encoders write: {1: -8, 4: kid}. */
export function protectedHeader(kid: Uint8Array): Uint8Array {
  return cborEncode(
    new Map<number, unknown>([
      [1, ALG_EDDSA],
      [4, kid],
    ]),
  );
}

/** The HCQ1 text of a signed COSE_Sign1 (tag 18, empty unprotected map). */
export function hcq1Text(protectedBytes: Uint8Array, payload: Uint8Array, signature: Uint8Array): string {
  return (
    PREFIX + base45Encode(cborEncodeTagged(COSE_SIGN1_TAG, [protectedBytes, new Map(), payload, signature]))
  );
}

/** The HCQ1 text of signed claims. */
export function encodeHcq1(claims: HealthClaims, key: SigningKey): string {
  const protectedBytes = protectedHeader(key.kid);
  const payload = encodeClaims(claims);
  const signature = nacl.sign.detached(toBeSigned(protectedBytes, payload), key.secretKey);
  return hcq1Text(protectedBytes, payload, signature);
}
