// CBOR through cbor-x, configured for COSE: maps stay Maps (integer keys keep their type), no extensions.
import { Decoder, Encoder, Tag } from 'cbor-x';

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false, bundleStrings: false });
const encoder = new Encoder({
  mapsAsObjects: false,
  useRecords: false,
  tagUint8Array: false,
  bundleStrings: false,
});

/** Decodes one CBOR item that must fill the whole input; null when it is not well-formed. */
export function cborDecode(bytes: Uint8Array): { value: unknown } | null {
  try {
    return { value: decoder.decode(bytes) as unknown };
  } catch {
    return null;
  }
}

/** Encodes a value; callers build Maps in core deterministic key order (RFC 8949 §4.2.1). */
export function cborEncode(value: unknown): Uint8Array {
  const out = encoder.encode(value);
  // cbor-x returns a view into its shared buffer in some runtimes: copy so later encodes cannot change it.
  return new Uint8Array(out);
}

/** A CBOR tag, for COSE_Sign1's tag 18. */
export function cborTag(tag: number, value: unknown): Tag {
  return new Tag(value, tag);
}

/** The tag number and content of a decoded tag, or null when the value is not a tag. */
export function asTag(value: unknown): { tag: number; value: unknown } | null {
  return value instanceof Tag ? { tag: value.tag, value: value.value as unknown } : null;
}
