// Signed bundles: only the pinned root's signature counts, versions only grow, deltas apply only on their base.
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/bytes.js';
import {
  acceptBundle,
  applyBundle,
  BUNDLE_FORMAT,
  issuerJson,
  revocationJson,
  rootKeyId,
  signBundle,
  trustAge,
  verifyBundle,
  type BundleBody,
  type TrustState,
} from '../../src/core/bundle.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { zhejiang2020 } from '../../src/core/policy/policies/zhejiang-2020.js';
import { RevocationSet } from '../../src/core/revocations.js';
import { issuer, other, root } from '../support/keys.js';

const subject = (n: number) => Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? n : 0));
const venue = { id: 'venue-1', name: 'Mall', category: 'mall', policy: 'zhejiang-2020', settings: {} };

function body(over: Partial<BundleBody> = {}): BundleBody {
  return {
    format: BUNDLE_FORMAT,
    kind: 'full',
    version: 3,
    since: 0,
    issuedAt: '2026-11-20T08:00:00.000Z',
    venue,
    issuers: [issuerJson(issuer)],
    revocations: [revocationJson({ iss: 'CN-ZJ', subject: subject(1), before: 1_700_000_000 })],
    policies: [{ name: 'zhejiang-2020', version: zhejiang2020.version, policy: zhejiang2020 }],
    maxOfflineAgeSeconds: 86400,
    authorityKey: toBase64(new Uint8Array(32).fill(9)),
    ...over,
  };
}

async function held(): Promise<TrustState> {
  const r = await acceptBundle(
    null,
    signBundle(body(), root.secretKey),
    root.publicKey,
    naclEd25519,
    'venue-1',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('verifyBundle', () => {
  it('accepts a bundle signed by the pinned root and returns its body', async () => {
    const r = await verifyBundle(signBundle(body(), root.secretKey), root.publicKey, naclEd25519);
    expect(r.ok && r.value.version).toBe(3);
  });

  it('refuses an unsigned bundle', async () => {
    const signed = { ...signBundle(body(), root.secretKey), signature: '' };
    expect(await verifyBundle(signed, root.publicKey, naclEd25519)).toEqual({
      ok: false,
      error: { kind: 'unsigned' },
    });
  });

  it('refuses a bundle signed by another key, even one claiming the root kid', async () => {
    const byOther = signBundle(body(), other.secretKey);
    expect(await verifyBundle(byOther, root.publicKey, naclEd25519)).toMatchObject({
      ok: false,
      error: { kind: 'wrong-key' },
    });
    const impostor = { ...byOther, keyId: rootKeyId(root.publicKey) };
    expect(await verifyBundle(impostor, root.publicKey, naclEd25519)).toEqual({
      ok: false,
      error: { kind: 'bad-signature' },
    });
  });

  it('refuses a body changed after signing, even by one character', async () => {
    const signed = signBundle(body(), root.secretKey);
    const changed = { ...signed, body: signed.body.replace('"version":3', '"version":9') };
    expect(await verifyBundle(changed, root.publicKey, naclEd25519)).toEqual({
      ok: false,
      error: { kind: 'bad-signature' },
    });
  });

  it.each([
    ['no valid policy', { name: 'zhejiang-2020', version: zhejiang2020.version, policy: { rules: [] } }],
    [
      'a policy filed under another version',
      { name: 'zhejiang-2020', version: zhejiang2020.version + 1, policy: zhejiang2020 },
    ],
    [
      'a policy whose rule cites nothing',
      {
        name: 'zhejiang-2020',
        version: zhejiang2020.version,
        policy: { ...zhejiang2020, rules: zhejiang2020.rules.map((r) => ({ ...r, cite: '' })) },
      },
    ],
  ])('refuses a signed bundle carrying %s: the device decides by these rules', async (_case, policy) => {
    const bad = signBundle(body({ policies: [policy] }), root.secretKey);
    expect(await verifyBundle(bad, root.publicKey, naclEd25519)).toMatchObject({
      ok: false,
      error: { kind: 'malformed', detail: expect.stringContaining('policies[zhejiang-2020]') },
    });
  });

  it('carries a revocation’s colour when the issuer gave one, and old entries without it', async () => {
    const coloured = revocationJson({
      iss: 'CN-ZJ',
      subject: subject(2),
      before: 1_700_000_000,
      colour: 'red',
    });
    const r = await verifyBundle(
      signBundle(body({ revocations: [...body().revocations, coloured] }), root.secretKey),
      root.publicKey,
      naclEd25519,
    );
    expect(r.ok && r.value.revocations.map((e) => e.colour)).toEqual([undefined, 'red']);
  });

  it('refuses a signed body of the wrong shape', async () => {
    const bad = signBundle({ ...body(), kind: 'delta', since: 5 }, root.secretKey);
    expect(await verifyBundle(bad, root.publicKey, naclEd25519)).toMatchObject({
      ok: false,
      error: { kind: 'malformed' },
    });
  });
});

describe('applyBundle', () => {
  it('loads a full bundle: issuers, revocations, venue, policies, offline age, authority key', async () => {
    const s = await held();
    expect(s.version).toBe(3);
    expect(s.issuers.map((k) => k.kid)).toEqual([issuer.kid]);
    expect(s.revocations).toHaveLength(1);
    expect(s.venue?.id).toBe('venue-1');
    expect(s.policies[0]?.name).toBe('zhejiang-2020');
    expect(s.authorityKey?.length).toBe(32);
    expect(trustAge(s, Date.parse('2026-11-20T20:00:00Z') / 1000)).toEqual({
      ageSeconds: 43200,
      tooOld: false,
    });
    expect(trustAge(s, Date.parse('2026-11-21T09:00:00Z') / 1000).tooOld).toBe(true);
  });

  it('refuses an older bundle and the same version again (no rollback, no replay)', async () => {
    const s = await held();
    expect(applyBundle(s, body({ version: 2 }))).toEqual({
      ok: false,
      error: { kind: 'rollback', have: 3, got: 2 },
    });
    expect(applyBundle(s, body({ version: 3 }))).toEqual({
      ok: false,
      error: { kind: 'rollback', have: 3, got: 3 },
    });
  });

  it('takes the held version again as a full bundle issued later (a bundle file exported again), never an earlier one', async () => {
    const s = await held();
    const again = (issuedAt: string) =>
      applyBundle(s, body({ issuedAt, venue: { ...venue, name: 'Mall B' } }));
    const later = again('2026-11-21T08:00:00.000Z');
    expect(later.ok && later.value.issuedAt).toBe(Date.parse('2026-11-21T08:00:00Z') / 1000);
    expect(later.ok && later.value.venue?.name).toBe('Mall B');
    expect(again('2026-11-19T08:00:00.000Z')).toEqual({
      ok: false,
      error: { kind: 'rollback', have: 3, got: 3 },
    });
  });

  it('takes a renewal of the held version as fresher data, and never lets an older renewal make it staler', async () => {
    const s = await held();
    const renew = (issuedAt: string) =>
      body({ kind: 'delta', version: 3, since: 3, issuers: [], revocations: [], issuedAt });
    const later = applyBundle(s, renew('2026-11-21T08:00:00.000Z'));
    expect(later.ok && later.value.issuedAt).toBe(Date.parse('2026-11-21T08:00:00Z') / 1000);
    expect(later.ok && later.value.revocations).toEqual(s.revocations);
    if (!later.ok) return;
    const replayed = applyBundle(later.value, renew('2026-11-20T09:00:00.000Z'));
    expect(replayed.ok && replayed.value.issuedAt).toBe(Date.parse('2026-11-21T08:00:00Z') / 1000);
  });

  it('refuses a renewal that carries changes', async () => {
    const sneaky = signBundle(body({ kind: 'delta', version: 3, since: 3 }), root.secretKey);
    expect(await verifyBundle(sneaky, root.publicKey, naclEd25519)).toMatchObject({
      ok: false,
      error: { kind: 'malformed' },
    });
  });

  it('merges a delta: new revocations added, a later before wins, an issuer update replaces the key', async () => {
    const s = await held();
    const delta = body({
      kind: 'delta',
      version: 5,
      since: 3,
      issuers: [issuerJson({ ...issuer, revoked: true })],
      revocations: [
        revocationJson({ iss: 'CN-ZJ', subject: subject(1), before: 1_800_000_000 }),
        revocationJson({ iss: 'CN-ZJ', subject: subject(2), before: 1_700_000_000 }),
      ],
    });
    const r = applyBundle(s, delta);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.version).toBe(5);
    expect(r.value.issuers).toHaveLength(1);
    expect(r.value.issuers[0]?.revoked).toBe(true);
    // Appended as they come; the set the verifier builds keeps the later `before` of a pair.
    const set = RevocationSet.from(r.value.revocations);
    expect(set.size).toBe(2);
    expect(set.revokedBefore('CN-ZJ', subject(1))).toBe(1_800_000_000);
    expect(set.revokedBefore('CN-ZJ', subject(2))).toBe(1_700_000_000);
  });

  it('refuses a delta whose base the device does not hold, and a delta with nothing held', async () => {
    const s = await held();
    expect(applyBundle(s, body({ kind: 'delta', version: 9, since: 7 }))).toEqual({
      ok: false,
      error: { kind: 'delta-gap', have: 3, since: 7 },
    });
    expect(applyBundle(null, body({ kind: 'delta', version: 9, since: 7 }))).toMatchObject({
      ok: false,
      error: { kind: 'delta-gap' },
    });
  });

  it("refuses another venue's bundle", async () => {
    const s = await held();
    const r = applyBundle(s, body({ version: 4, venue: { ...venue, id: 'venue-2' } }));
    expect(r).toEqual({ ok: false, error: { kind: 'wrong-venue', expected: 'venue-1', got: 'venue-2' } });
  });
});
