// The CWT claims of spec §2: parsed strictly from the payload, and built in deterministic order.
import { cborDecode } from './cbor.js';
import { cborKinds, kindAt, type KindTree } from './cbor-kinds.js';
import { COLOURS, type HealthClaims } from './types.js';

/** CWT claim keys (spec §2). */
export const CLAIM = { iss: 1, exp: 4, iat: 6, hc: -65537 } as const;

/** Why a payload is not a valid claims map (spec §3 step 5). */
export type ClaimsError = { result: 'malformed' | 'unsupported'; detail: string };

const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

// The claims spec §2 types uint, by path: decoded numbers cannot tell a float 1.0 from the integer 1.
const UINT_CLAIMS: [path: (number | string)[], name: string][] = [
  [[CLAIM.iat], 'iat (6)'],
  [[CLAIM.exp], 'exp (4)'],
  [[CLAIM.hc, 'v'], 'hc.v'],
  [[CLAIM.hc, 'c'], 'hc.c'],
  [[CLAIM.hc, 'cs'], 'hc.cs'],
  [[CLAIM.hc, 'na', 0], 'hc.na[0]'],
  [[CLAIM.hc, 'na', 1], 'hc.na[1]'],
  [[CLAIM.hc, 'vx'], 'hc.vx'],
];

/** The first uint claim encoded as a float, if any. */
function floatClaim(kinds: KindTree): string | null {
  for (const [path, name] of UINT_CLAIMS) if (kindAt(kinds, path) === 'float') return name;
  return null;
}

/** Step 5 of verification: the claims map, checked key by key. */
export function parseClaims(
  payload: Uint8Array,
): { ok: true; claims: HealthClaims } | { ok: false; error: ClaimsError } {
  const bad = (detail: string) => ({ ok: false as const, error: { result: 'malformed' as const, detail } });
  const decoded = cborDecode(payload);
  if (!decoded.ok && decoded.tag !== undefined) return bad(`payload: ${decoded.detail}`);
  if (!decoded.ok || !(decoded.value instanceof Map)) return bad('payload is not a CBOR map');
  const cwt = decoded.value as Map<unknown, unknown>;
  if (decoded.float) {
    const kinds = cborKinds(payload);
    if (!kinds) return bad('payload is not well-formed CBOR');
    const float = floatClaim(kinds);
    if (float) return bad(`${float} is encoded as a float, not an unsigned integer`);
  }
  const iss = cwt.get(CLAIM.iss);
  const iat = cwt.get(CLAIM.iat);
  const exp = cwt.get(CLAIM.exp);
  const hc = cwt.get(CLAIM.hc);
  if (typeof iss !== 'string') return bad('iss (1) missing or not text');
  if (!isUint(iat)) return bad('iat (6) missing or not an unsigned integer');
  if (!isUint(exp)) return bad('exp (4) missing or not an unsigned integer');
  if (exp <= iat) return bad('exp is not after iat');
  if (!(hc instanceof Map)) return bad('hc (-65537) missing or not a map');
  const h = hc as Map<unknown, unknown>;
  const v = h.get('v');
  if (!isUint(v)) return bad('hc.v missing or not an unsigned integer');
  if (v !== 1)
    return { ok: false, error: { result: 'unsupported', detail: `hc.v is ${v}, only 1 is known` } };
  const s = h.get('s');
  const c = h.get('c');
  const cs = h.get('cs');
  const n = h.get('n');
  const id = h.get('id');
  if (!(s instanceof Uint8Array) || s.length !== 16) return bad('hc.s missing or not 16 bytes');
  if (!isUint(c) || c >= COLOURS.length) return bad('hc.c missing or not 0, 1 or 2');
  if (!isUint(cs)) return bad('hc.cs missing or not an unsigned integer');
  if (typeof n !== 'string' || [...n].length > 32)
    return bad('hc.n missing, not text, or over 32 characters');
  if (typeof id !== 'string' || [...id].length > 8)
    return bad('hc.id missing, not text, or over 8 characters');
  const claims: HealthClaims = {
    iss,
    iat,
    exp,
    subject: new Uint8Array(s),
    colour: COLOURS[c]!,
    colourSince: cs,
    name: n,
    idLast4: id,
  };
  if (h.has('na')) {
    const na = h.get('na');
    if (!Array.isArray(na) || na.length !== 2 || !isUint(na[0]) || na[0] > 1 || !isUint(na[1]))
      return bad('hc.na is not [0|1, seconds]');
    claims.test = { result: na[0] === 0 ? 'negative' : 'positive', sampledAt: na[1] };
  }
  if (h.has('vx')) {
    const vx = h.get('vx');
    if (!isUint(vx)) return bad('hc.vx is not an unsigned integer');
    claims.doses = vx;
  }
  if (h.has('px')) {
    const px = h.get('px');
    if (typeof px !== 'boolean') return bad('hc.px is not a boolean');
    claims.proxy = px;
  }
  return { ok: true, claims };
}
