// Trust data under one version: issuers, revocations, and the delta or snapshot a device at a version needs.
import { describe, expect, it } from 'vitest';
import { newIssuerKey } from '../../../src/core/issuer.js';
import { BACKENDS, suiteDb } from '../../support/server.js';

const subject = (n: number) => Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? n : 0));

describe.each(BACKENDS)('trust on $name', ({ make }) => {
  const t = suiteDb(make);

  it('raises the trust version with each change and not for a change that changes nothing', async () => {
    const v0 = await t.db.trust.version();
    const issuer = newIssuerKey('CN-ZJ', 1_700_000_000).key;
    const added = await t.db.trust.addIssuers([issuer]);
    expect(added).toEqual({ version: v0 + 1, changed: 1 });
    expect(await t.db.trust.addIssuers([issuer])).toEqual({ version: v0 + 1, changed: 0 });
    const revoked = await t.db.trust.addIssuers([{ ...issuer, revoked: true }]);
    expect(revoked).toEqual({ version: v0 + 2, changed: 1 });
    const listed = (await t.db.trust.listIssuers()).find((k) => k.kid === issuer.kid);
    expect(listed?.revoked).toBe(true);
  });

  it('keeps the later `before` of a revocation and gives a delta of only what changed since a version', async () => {
    const first = await t.db.trust.addRevocations([
      { iss: 'CN-ZJ', subject: subject(1), before: 1000 },
      { iss: 'CN-ZJ', subject: subject(2), before: 1000 },
    ]);
    expect(first.changed).toBe(2);
    expect(
      (await t.db.trust.addRevocations([{ iss: 'CN-ZJ', subject: subject(1), before: 500 }])).changed,
    ).toBe(0);
    const second = await t.db.trust.addRevocations([
      { iss: 'CN-ZJ', subject: subject(1), before: 2000 },
      { iss: 'CN-YN', subject: subject(3), before: 3000 },
    ]);
    const delta = await t.db.trust.changes(first.version);
    expect(delta.kind).toBe('delta');
    expect(delta.version).toBe(second.version);
    expect(delta.issuers).toEqual([]);
    expect(delta.revocations.map((r) => [r.iss, r.subject[15], r.before])).toEqual([
      ['CN-YN', 3, 3000],
      ['CN-ZJ', 1, 2000],
    ]);
    const full = await t.db.trust.changes(0);
    expect(full.kind).toBe('full');
    expect(full.revocations).toHaveLength(3);
    expect(full.issuers.length).toBeGreaterThan(0);
  });

  it('sends a full snapshot instead of a delta once the changes outnumber half the list', async () => {
    const before = await t.db.trust.version();
    const many = Array.from({ length: 40 }, (_, i) => ({
      iss: 'CN-CQ',
      subject: subject(100 + i),
      before: 5,
    }));
    await t.db.trust.addRevocations(many);
    expect((await t.db.trust.changes(before, null, 10)).kind).toBe('full');
    expect((await t.db.trust.changes(before, null, 1000)).kind).toBe('delta');
  });

  it('gives a device one change behind only that change, not the 50,000-entry list', async () => {
    const big = Array.from({ length: 50_000 }, (_, i) => ({
      iss: 'CN-SH',
      subject: Uint8Array.from({ length: 16 }, (_, b) => (b < 4 ? (i >> (8 * b)) & 0xff : 7)),
      before: 1000,
    }));
    const loaded = await t.db.trust.addRevocations(big);
    expect(loaded.changed).toBe(50_000);
    await t.db.trust.addRevocations([{ iss: 'CN-SH', subject: subject(250), before: 2000 }]);
    const delta = await t.db.trust.changes(loaded.version);
    expect([delta.kind, delta.revocations.length]).toEqual(['delta', 1]);
    expect((await t.db.trust.changes(0)).revocations.length).toBeGreaterThan(50_000);
  }, 60_000);
});
