// Byte helpers shared by the core: hex, Base64 and constant comparisons, without Node's Buffer.
import { bytesToHex, hexToBytes as nobleHexToBytes } from '@noble/hashes/utils.js';

/** Lower-case hex of bytes. */
export const toHex = (bytes: Uint8Array): string => bytesToHex(bytes);

/** Bytes of a hex string, or null when it is not even-length hex. */
export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  return nobleHexToBytes(hex.toLowerCase());
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Standard Base64 (with padding) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64[a >> 2]! + B64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : B64[c & 63]!;
  }
  return out;
}

/** Bytes of standard Base64 (padding optional), or null when it is not Base64. */
export function fromBase64(text: string): Uint8Array | null {
  const s = text.replace(/=+$/, '');
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? B64_INDEX[code]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Seconds since the epoch as ISO 8601 (UTC, without milliseconds). */
export const isoFromSeconds = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

/** Seconds since the epoch of an ISO 8601 time, or null when it is not one. */
export function secondsFromIso(iso: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(iso)) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** ASCII bytes as text, or null for any other byte (the core has no TextDecoder; names and keys are ASCII). */
export function asciiText(bytes: Uint8Array): string | null {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    const piece = bytes.subarray(i, i + 4096);
    if (piece.some((b) => b > 0x7e || (b < 0x20 && b !== 0x0a))) return null;
    out += String.fromCharCode(...piece);
  }
  return out;
}
