// Fuzz targets for trust bundles (src/core/bundle.ts, docs/bundles.md): a root-signed bundle mutated in its body,
// signature, key id or as a whole, and bodies re-signed by the root key. Invariants: verifyBundle and acceptBundle
// never throw; errors are typed; ok only for the body the root signed; a device never goes back a version.
import fc from 'fast-check';
import { applyJsonEdits, applyTextEdits, jsonEdits, textEdits } from './mutate.mjs';
import { NOW, keyPair, noThrow } from './support.mjs';

const BUNDLE_ERRORS = new Set([
  'malformed',
  'unsigned',
  'wrong-key',
  'bad-signature',
  'rollback',
  'delta-gap',
  'wrong-venue',
]);

/** The bundle targets: a full bundle and a delta, applied on nothing or on the full one's state. */
export function bundleTargets(core, ed) {
  const root = keyPair(23);
  const issuer = keyPair(24);
  const iso = (s) => new Date(s * 1000).toISOString();
  const full = {
    format: 'checkpoint-bundle/1',
    kind: 'full',
    version: 5,
    since: 0,
    issuedAt: iso(NOW - 600),
    venue: {
      id: 'venue-1',
      name: 'Mall',
      category: 'mall',
      policy: 'zhejiang-2020',
      settings: { temperature: true },
    },
    issuers: [
      core.bundle.issuerJson({
        iss: 'CN-ZJ',
        kid: core.bytes.toHex(core.trust.kidOf(issuer.publicKey)),
        publicKey: issuer.publicKey,
        notBefore: NOW - 86_400,
        notAfter: NOW + 86_400 * 365,
        revoked: false,
      }),
    ],
    revocations: [core.bundle.revocationJson({ iss: 'CN-ZJ', subject: '07'.repeat(16), before: NOW - 3600 })],
    policies: [{ name: 'zhejiang-2020', version: 1, policy: { rules: [] } }],
    maxOfflineAgeSeconds: 86_400,
    authorityKey: null,
  };
  const delta = { ...full, kind: 'delta', version: 6, since: 5, issuers: [], revocations: [] };
  const seeds = [full, delta].map((body) => core.bundle.signBundle(body, root.secretKey));
  const held = core.bundle.applyBundle(null, full).value;
  // The signing rule of src/core/bundle.ts, restated: re-signing a mutated body is what a holder of the root key can do.
  const resign = (body) => ({
    body,
    signature: core.bytes.toBase64(root.sign(new TextEncoder().encode(`checkpoint-bundle/1\n${body}`))),
    keyId: core.bundle.rootKeyId(root.publicKey),
  });
  if (resign(seeds[0].body).signature !== seeds[0].signature)
    throw new Error('fuzz: the bundle signing rule has changed');

  /** The first invariant broken by verifying and accepting `signed`; `seed` when the root did not sign it. */
  async function check(signed, seed, onHeld) {
    const v = await noThrow('verifyBundle', () => core.bundle.verifyBundle(signed, root.publicKey, ed));
    if (v.failure) return v.failure;
    const typed = untyped(v.value);
    if (typed) return typed;
    const state = onHeld ? held : null;
    const a = await noThrow('acceptBundle', () =>
      core.bundle.acceptBundle(state, signed, root.publicKey, ed),
    );
    if (a.failure) return a.failure;
    const accepted = untyped(a.value);
    if (accepted) return accepted;
    if (seed && (v.value.ok || a.value.ok) && signed.body !== seed.body)
      return 'false ok: body differs from the signed one';
    if (!a.value.ok) return null;
    const now = a.value.value;
    if (state && now.version < state.version)
      return `false ok: rolled back from ${state.version} to ${now.version}`;
    if (!now.issuers.every((k) => k.publicKey instanceof Uint8Array && k.publicKey.length === 32))
      return 'issuer key';
    const age = await noThrow('trustAge', () => core.bundle.trustAge(now, NOW));
    return age.failure ?? null;
  }

  return [
    {
      name: 'bundle: root-signed bundle mutated (body text or JSON, signature, key id, the whole object)',
      arbitrary: fc.record({
        seed: fc.nat(),
        onHeld: fc.boolean(),
        edit: fc.oneof(
          fc.record({ bodyText: textEdits }),
          fc.record({ bodyJson: jsonEdits }),
          fc.record({ signature: textEdits }),
          fc.record({ keyId: textEdits }),
          fc.record({ whole: jsonEdits }),
        ),
      }),
      check: ({ seed, onHeld, edit }) => {
        const s = seeds[seed % seeds.length];
        let signed = { ...s };
        if (edit.bodyText) signed.body = applyTextEdits(s.body, edit.bodyText);
        if (edit.bodyJson)
          signed.body = core.log.canonicalJson(applyJsonEdits(JSON.parse(s.body), edit.bodyJson));
        if (edit.signature) signed.signature = applyTextEdits(s.signature, edit.signature);
        if (edit.keyId) signed.keyId = applyTextEdits(s.keyId, edit.keyId);
        if (edit.whole) signed = applyJsonEdits(s, edit.whole);
        return check(signed, s, onHeld);
      },
    },
    {
      name: 'bundle: body mutated and re-signed by the root key',
      arbitrary: fc.record({ seed: fc.nat(), onHeld: fc.boolean(), edits: jsonEdits }),
      check: ({ seed, onHeld, edits }) => {
        const body = JSON.parse(seeds[seed % seeds.length].body);
        return check(resign(core.log.canonicalJson(applyJsonEdits(body, edits))), null, onHeld);
      },
    },
  ];
}

/** What is untyped about a Result from the bundle parser; null when it is a value or a known error. */
function untyped(r) {
  if (r?.ok === true) return null;
  if (r?.ok !== false || !BUNDLE_ERRORS.has(r.error?.kind))
    return `untyped bundle result ${JSON.stringify(r)}`;
  if (r.error.kind === 'malformed' && typeof r.error.detail !== 'string') return 'malformed without a detail';
  return null;
}
