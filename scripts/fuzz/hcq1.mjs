// Fuzz targets for HCQ1 (spec §3): signed codes mutated as bytes and as text, and any CBOR signed by the trusted
// issuer. Invariants: verifyHcq1 and decodeHcq1 never throw; results are typed; ok only for the content the issuer
// signed (or, when the fuzz signs, for claims of the types spec §2 gives).
import fc from 'fast-check';
import { applyByteEdits, applyTextEdits, byteEdits, cborItem, textEdits } from './mutate.mjs';
import { NOW, equalBytes, keyPair, noThrow } from './support.mjs';

const RESULTS = new Set([
  'ok',
  'malformed',
  'unsupported',
  'unknown-key',
  'bad-signature',
  'issuer-mismatch',
  'key-not-valid',
  'not-yet-valid',
  'expired',
  'revoked',
]);
const BEFORE_SIGNATURE = new Set(['malformed', 'unsupported', 'unknown-key', 'bad-signature']);

/** The HCQ1 targets: a verifier that trusts one issuer, and three families of mutated codes. */
export function hcq1Targets(core, ed) {
  const issuer = keyPair(21);
  const kid = core.trust.kidOf(issuer.publicKey);
  const key = {
    iss: 'CN-ZJ',
    kid: core.bytes.toHex(kid),
    publicKey: issuer.publicKey,
    notBefore: NOW - 86_400,
    notAfter: NOW + 86_400 * 365,
    revoked: false,
  };
  const ctx = { trust: core.trust.TrustSet.from([key]), now: NOW, ed25519: ed };
  const signed = (protectedBytes, payload) => {
    const signature = issuer.sign(core.cose.toBeSigned(protectedBytes, payload));
    return core.encode.hcq1Text(protectedBytes, payload, signature);
  };
  const base = { iss: 'CN-ZJ', iat: NOW - 60, exp: NOW + 3600, subject: new Uint8Array(16).fill(7) };
  const seeds = [
    { ...base, colour: 'green', colourSince: NOW - 86_400 * 20, name: '张*三', idLast4: '123X' },
    {
      ...base,
      colour: 'yellow',
      colourSince: NOW - 3600,
      name: 'L** W**',
      idLast4: '0042',
      doses: 3,
      proxy: true,
    },
    {
      ...base,
      colour: 'red',
      colourSince: NOW,
      name: 'M'.repeat(32),
      idLast4: 'ABCDEFGH',
      test: { result: 'positive', sampledAt: NOW - 7200 },
    },
  ].map((claims) => {
    const protectedBytes = core.encode.protectedHeader(kid);
    const payload = core.encode.encodeClaims(claims);
    const text = signed(protectedBytes, payload);
    return { protectedBytes, payload, text, cose: core.base45.base45Decode(text.slice(5)).bytes };
  });
  const pick = (i) => seeds[i % seeds.length];

  /** Verifies and decodes a text; the first invariant it breaks, or null. `seed` is what a false ok is measured against. */
  async function check(text, seed) {
    const v = await noThrow('verifyHcq1', () => core.verify.verifyHcq1(text, ctx));
    if (v.failure) return v.failure;
    const r = v.value;
    if (!RESULTS.has(r.result)) return `untyped result ${String(r.result)}`;
    if (r.result !== 'ok' && (typeof r.detail !== 'string' || r.detail === ''))
      return `${r.result} without a detail`;
    if (BEFORE_SIGNATURE.has(r.result) && 'claims' in r) return `claims shown with ${r.result}`;
    const shown = await noThrow('verificationJson', () => JSON.stringify(core.json.verificationJson(r)));
    if (shown.failure) return shown.failure;
    if (r.result === 'ok') {
      const problem = seed ? sameSignedContent(text, seed) : claimsProblem(r.claims);
      if (problem) return `false ok: ${problem}`;
    }
    const d = await noThrow('decodeHcq1', () => JSON.stringify(core.decode.decodeHcq1(text)));
    if (d.failure) return d.failure;
    const decoded = JSON.parse(d.value);
    if (decoded.verified !== false) return 'decode claims to have verified';
    if (!decoded.ok && decoded.result !== 'malformed') return `decode failed as ${decoded.result}`;
    return null;
  }

  function sameSignedContent(text, seed) {
    const parsed = core.cose.parseHcq1Text(text);
    if (!parsed.ok) return 'the text does not even parse';
    if (!equalBytes(parsed.cose.protectedBytes, seed.protectedBytes))
      return 'protected header differs from the signed one';
    if (!equalBytes(parsed.cose.payload, seed.payload)) return 'payload differs from the signed one';
    return null;
  }

  return [
    {
      name: 'hcq1: signed codes, bytes mutated under Base45',
      arbitrary: fc.record({ seed: fc.nat(), edits: byteEdits }),
      check: ({ seed, edits }) => {
        const s = pick(seed);
        return check(core.cose.PREFIX + core.base45.base45Encode(applyByteEdits(s.cose, edits)), s);
      },
    },
    {
      name: 'hcq1: signed codes, text mutated',
      arbitrary: fc.record({ seed: fc.nat(), edits: textEdits }),
      check: ({ seed, edits }) => check(applyTextEdits(pick(seed).text, edits), pick(seed)),
    },
    {
      name: 'hcq1: any CBOR in the claims or header, signed by the trusted issuer',
      arbitrary: fc.oneof(
        fc.record({ seed: fc.nat(), payloadEdits: byteEdits }),
        fc.record({ seed: fc.nat(), protectedEdits: byteEdits }),
        fc.record({ seed: fc.nat(), item: cborItem }),
        fc.record({ seed: fc.nat(), key: cborItem, value: cborItem }),
      ),
      check: (input) => {
        const s = pick(input.seed);
        let { protectedBytes, payload } = s;
        if (input.payloadEdits) payload = applyByteEdits(payload, input.payloadEdits);
        if (input.protectedEdits) protectedBytes = applyByteEdits(protectedBytes, input.protectedEdits);
        if (input.item) payload = new Uint8Array(input.item);
        // One more entry in the claims map (its head is one byte, 0xa0 | count).
        if (input.key)
          payload = new Uint8Array([payload[0] + 1, ...payload.subarray(1), ...input.key, ...input.value]);
        return check(signed(protectedBytes, payload), null);
      },
    },
  ];
}

/** What is wrong with claims a verifier called ok, against spec §2's types; null when nothing. */
function claimsProblem(c) {
  const uint = (v) => Number.isSafeInteger(v) && v >= 0;
  if (typeof c.iss !== 'string') return 'iss is not text';
  if (!uint(c.iat) || !uint(c.exp) || c.exp <= c.iat) return 'iat/exp';
  if (!(c.subject instanceof Uint8Array) || c.subject.length !== 16) return 'subject';
  if (!['green', 'yellow', 'red'].includes(c.colour) || !uint(c.colourSince)) return 'colour';
  if (typeof c.name !== 'string' || [...c.name].length > 32) return 'name';
  if (typeof c.idLast4 !== 'string' || [...c.idLast4].length > 8) return 'id';
  if (c.test && (!['negative', 'positive'].includes(c.test.result) || !uint(c.test.sampledAt))) return 'test';
  if (c.doses !== undefined && !uint(c.doses)) return 'doses';
  if (c.proxy !== undefined && typeof c.proxy !== 'boolean') return 'proxy';
  return null;
}
