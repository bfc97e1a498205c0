// Base45 (RFC 9285), strict: upper-case alphabet only, no overflowing groups, no dangling character.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

/** Base45 text of bytes (RFC 9285 §4). */
export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += ALPHABET[c]! + ALPHABET[d]! + ALPHABET[e]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

/** Why a text is not Base45. */
export type Base45Error = { at: number; why: 'character' | 'overflow' | 'dangling' };

/** Bytes of a Base45 text, or where and why it is not valid. */
export function base45Decode(
  text: string,
): { ok: true; bytes: Uint8Array } | { ok: false; error: Base45Error } {
  if (text.length % 3 === 1) return { ok: false, error: { at: text.length - 1, why: 'dangling' } };
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const group = Math.min(3, text.length - i);
    let n = 0;
    for (let j = 0, weight = 1; j < group; j++, weight *= 45) {
      const code = text.charCodeAt(i + j);
      const v = code < 128 ? INDEX[code]! : -1;
      if (v < 0) return { ok: false, error: { at: i + j, why: 'character' } };
      n += v * weight;
    }
    if (group === 3) {
      if (n > 0xffff) return { ok: false, error: { at: i, why: 'overflow' } };
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) return { ok: false, error: { at: i, why: 'overflow' } };
      out[o++] = n;
    }
  }
  return { ok: true, bytes: out };
}
