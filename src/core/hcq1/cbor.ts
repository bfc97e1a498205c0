// CBOR decoding through cbor-x, configured for COSE: maps stay Maps (integer keys keep their type), no extensions.
// Only the decoder is imported here: the verify path that runs on staff phones never loads cbor-x's encoder.
import { Decoder } from 'cbor-x/decode';
import { scanCbor } from './cbor-kinds.js';

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false, bundleStrings: false });

/**
 * A decoded CBOR item and whether it holds a float (cbor-x decodes 1.0 and 1 alike), or why it was refused (`tag`
 * set when the reason is a tag HCQ1 does not allow).
 */
export type CborDecoded =
  { ok: true; value: unknown; float: boolean } | { ok: false; detail: string; tag?: number };

/**
 * Decodes one CBOR item that must fill the whole input. HCQ1 allows one tag, COSE_Sign1's 18 around the whole code
 * (spec §1.3): `rootTag` lets it through there; any other tag is refused before cbor-x sees it, since cbor-x's
 * extensions (cycles through tags 28/29, objects, typed arrays...) cannot be switched off.
 */
export function cborDecode(bytes: Uint8Array, rootTag?: number): CborDecoded {
  const scan = scanCbor(bytes, rootTag);
  if (scan === 'not well-formed') return { ok: false, detail: 'not well-formed CBOR' };
  const { tag } = scan;
  if (tag)
    return {
      ok: false,
      detail: `CBOR tag ${tag.tag} at byte ${tag.at}, where HCQ1 allows none`,
      tag: tag.tag,
    };
  try {
    return { ok: true, value: decoder.decode(bytes) as unknown, float: scan.float };
  } catch {
    return { ok: false, detail: 'not well-formed CBOR' };
  }
}

/** The tag number and content of a decoded tag, or null when the value is not a tag. */
export function asTag(value: unknown): { tag: number; value: unknown } | null {
  // With mapsAsObjects off and every tag but the root one refused, the only objects cbor-x yields besides Maps,
  // arrays and byte strings are its Tag instances ({tag, value}).
  if (typeof value !== 'object' || value === null || !('tag' in value) || !('value' in value)) return null;
  return typeof value.tag === 'number' ? { tag: value.tag, value: value.value } : null;
}

/** The head of a CBOR byte string of this length (RFC 8949 §3, major type 2, shortest form). */
function byteStringHead(length: number): number[] {
  if (length < 24) return [0x40 | length];
  if (length < 0x100) return [0x58, length];
  if (length < 0x10000) return [0x59, length >> 8, length & 0xff];
  return [0x5a, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
}

// "Signature1" as a CBOR text string, after the head of a 4-item array.
const SIG_STRUCTURE_START = [0x84, 0x6a, ...'Signature1'.split('').map((c) => c.charCodeAt(0))];

/**
 * The COSE Sig_structure ["Signature1", protected, h'', payload] (RFC 9052 §4.4). Four fixed CBOR heads, written
 * directly so that verifying needs no encoder; a test checks it against cbor-x's encoding.
 */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const p = byteStringHead(protectedBytes.length);
  const q = byteStringHead(payload.length);
  const out = new Uint8Array(
    SIG_STRUCTURE_START.length + p.length + protectedBytes.length + 1 + q.length + payload.length,
  );
  let o = 0;
  for (const part of [SIG_STRUCTURE_START, p, protectedBytes, [0x40], q, payload]) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
