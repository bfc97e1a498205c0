// COSE_Sign1 (RFC 9052 §4.2) as HCQ1 uses it: parse the structure, build ToBeSigned, sign.
import { asTag, cborDecode, sigStructure } from './cbor.js';
import { base45Decode } from './base45.js';

/** The HCQ1 text prefix (spec §1.2). */
export const PREFIX = 'HCQ1:';
/** Longest text accepted before any decoding (spec §1.2). */
export const MAX_TEXT = 1024;
/** The CBOR tag of COSE_Sign1 (RFC 9052 §4.2): the one tag HCQ1 allows, around the whole code. */
export const COSE_SIGN1_TAG = 18;
/** COSE alg label value for EdDSA. */
export const ALG_EDDSA = -8;

/** A COSE_Sign1 whose structure is valid; protected and payload are the bytes as received. */
export interface CoseSign1 {
  protectedBytes: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
  alg: unknown;
  kid: Uint8Array;
}

/** Why a text is not a well-formed HCQ1 COSE_Sign1 (spec §3 step 1). */
export type CoseError = { result: 'malformed'; detail: string; notHealthCode?: boolean };

/** Step 1 of verification: the text down to a structurally valid COSE_Sign1 (the alg is checked by the caller). */
export function parseHcq1Text(text: string): { ok: true; cose: CoseSign1 } | { ok: false; error: CoseError } {
  const fail = (detail: string, notHealthCode = false) => ({
    ok: false as const,
    error: notHealthCode
      ? { result: 'malformed' as const, detail, notHealthCode }
      : { result: 'malformed' as const, detail },
  });
  if (typeof text !== 'string' || !text.startsWith(PREFIX))
    return fail('not a health code (no HCQ1: prefix)', true);
  if (text.length > MAX_TEXT) return fail(`text is ${text.length} characters, over the ${MAX_TEXT} limit`);
  const b45 = base45Decode(text.slice(PREFIX.length));
  if (!b45.ok) return fail(`bad Base45 (${b45.error.why} at ${b45.error.at + PREFIX.length})`);
  if (b45.bytes.length === 0) return fail('empty payload');
  const decoded = cborDecode(b45.bytes, COSE_SIGN1_TAG);
  if (!decoded.ok)
    return fail(
      decoded.tag === undefined ? 'bad CBOR' : `${decoded.detail} but COSE_Sign1's 18 around the code`,
    );
  // cborDecode lets no tag through but 18 at the root.
  const tagged = asTag(decoded.value);
  const arr = tagged ? tagged.value : decoded.value;
  if (!Array.isArray(arr) || arr.length !== 4) return fail('COSE_Sign1 must be an array of 4');
  const [protectedBytes, unprotected, payload, signature] = arr as unknown[];
  if (!(protectedBytes instanceof Uint8Array)) return fail('protected header is not a byte string');
  if (!(unprotected instanceof Map)) return fail('unprotected header is not a map');
  if (!(payload instanceof Uint8Array)) return fail('payload is not a byte string');
  if (!(signature instanceof Uint8Array) || signature.length !== 64)
    return fail('signature is not a 64-byte string');
  const header = cborDecode(protectedBytes);
  if (!header.ok && header.tag !== undefined) return fail(`protected header: ${header.detail}`);
  if (!header.ok || !(header.value instanceof Map)) return fail('protected header does not hold a CBOR map');
  const kid = (header.value as Map<unknown, unknown>).get(4);
  if (!(kid instanceof Uint8Array) || kid.length !== 8) return fail('kid (label 4) is not an 8-byte string');
  const alg = (header.value as Map<unknown, unknown>).get(1);
  return { ok: true, cose: { protectedBytes, payload, signature, alg, kid } };
}

/** The bytes the signature covers: CBOR ["Signature1", protected, h'', payload] with both as received. */
export const toBeSigned = sigStructure;
