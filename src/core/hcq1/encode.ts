// HCQ1 encoding, as an issuer does it: deterministic CBOR, signed with the issuer's Ed25519 key.
import nacl from 'tweetnacl';
import { encodeClaims } from './claims.js';
import { hcq1Text, protectedHeader, toBeSigned } from './cose.js';
import type { HealthClaims } from './types.js';

/** What signing needs: the kid and the 64-byte tweetnacl secret key. */
export interface SigningKey {
  kid: Uint8Array;
  secretKey: Uint8Array;
}

/** The HCQ1 text of signed claims. */
export function encodeHcq1(claims: HealthClaims, key: SigningKey): string {
  const protectedBytes = protectedHeader(key.kid);
  const payload = encodeClaims(claims);
  const signature = nacl.sign.detached(toBeSigned(protectedBytes, payload), key.secretKey);
  return hcq1Text(protectedBytes, payload, signature);
}
