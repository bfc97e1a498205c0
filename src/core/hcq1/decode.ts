// Unverified decoding for debugging: shows what a text holds, never to be trusted or acted on.
import { toHex } from '../bytes.js';
import { cborDecode } from './cbor.js';
import { parseHcq1Text } from './cose.js';

/** The structure of an HCQ1 text, explicitly unverified. */
export type DecodedHcq1 =
  | { ok: true; verified: false; alg: unknown; kid: string; payload: unknown; signature: string }
  | { ok: false; verified: false; result: 'malformed'; detail: string };

/** Decodes a text's layers without checking the signature; the payload is shown as JSON-friendly values. */
export function decodeHcq1(text: string): DecodedHcq1 {
  const parsed = parseHcq1Text(text);
  if (!parsed.ok) return { ok: false, verified: false, result: 'malformed', detail: parsed.error.detail };
  const { cose } = parsed;
  const payload = cborDecode(cose.payload);
  // A tag HCQ1 does not allow is malformed, as verifying says; a payload that is no CBOR at all is shown as such.
  if (!payload.ok && payload.tag !== undefined)
    return { ok: false, verified: false, result: 'malformed', detail: `payload: ${payload.detail}` };
  return {
    ok: true,
    verified: false,
    alg: toJsonFriendly(cose.alg),
    kid: toHex(cose.kid),
    payload: payload.ok ? toJsonFriendly(payload.value) : 'payload is not CBOR',
    signature: toHex(cose.signature),
  };
}

// cbor-x gives integers beyond 2^53 as BigInt, which JSON cannot hold: every decoded value goes through here.
function toJsonFriendly(v: unknown): unknown {
  if (v instanceof Uint8Array) return { hex: toHex(v) };
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toJsonFriendly(x)]));
  if (Array.isArray(v)) return v.map(toJsonFriendly);
  if (typeof v === 'bigint') return v.toString();
  return v;
}
