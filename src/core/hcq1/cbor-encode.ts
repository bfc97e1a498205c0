// CBOR encoding through cbor-x, for issuers (the CLI, the demo, tests): never loaded by the verify path.
import { Encoder } from 'cbor-x/encode';

const encoder = new Encoder({
  mapsAsObjects: false,
  useRecords: false,
  tagUint8Array: false,
  bundleStrings: false,
});

/** Encodes a value; callers build Maps in core deterministic key order (RFC 8949 §4.2.1). */
export function cborEncode(value: unknown): Uint8Array {
  // cbor-x may return a view into its shared buffer: copy so a later encode cannot change it.
  return new Uint8Array(encoder.encode(value));
}

/** Encodes a value under a tag below 24 (COSE_Sign1 is 18): the tag is one head byte, 0xc0 | tag. */
export function cborEncodeTagged(tag: number, value: unknown): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 23) throw new RangeError('only one-byte tags are written');
  const body = encoder.encode(value);
  const out = new Uint8Array(body.length + 1);
  out[0] = 0xc0 | tag;
  out.set(body, 1);
  return out;
}
