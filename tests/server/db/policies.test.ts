// Policies published as signed data: versions only rise, every version is kept, a venue's bundle carries the newest.
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../src/core/bundle.js';
import { naclEd25519 } from '../../../src/core/ed25519.js';
import { chongqing2021 } from '../../../src/core/policy/policies/chongqing-2021.js';
import { zhejiang2020 } from '../../../src/core/policy/policies/zhejiang-2020.js';
import { bundleFor } from '../../../src/server/bundles.js';
import type { Venue } from '../../../src/server/db/index.js';
import { BACKENDS, suiteDb } from '../../support/server.js';

const subject = (n: number) => Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? n : 0));

describe.each(BACKENDS)('published policies on $name', ({ make }) => {
  const t = suiteDb(make);
  let venue: Venue;

  beforeAll(async () => {
    venue = await t.db.venues.add({
      name: 'Hospital',
      category: 'medical',
      policy: 'chongqing-2021',
      settings: {},
    });
  });

  async function bundled(since = 0) {
    const root = await t.db.meta.rootKey();
    const b = await bundleFor(t.db, venue, since);
    const body = await verifyBundle(b.bundle, root.publicKey, naclEd25519);
    if (!body.ok) throw new Error(JSON.stringify(body.error));
    return body.value;
  }

  it('bundles carry the venue’s policy only, the shipped one until one is published', async () => {
    const body = await bundled();
    expect(body.policies).toEqual([
      { name: 'chongqing-2021', version: chongqing2021.version, policy: chongqing2021 },
    ]);
  });

  it('publishes a raised version as a trust change, and the next bundle (even a delta) carries it', async () => {
    const before = await t.db.trust.version();
    const raised = { ...chongqing2021, version: chongqing2021.version + 1, maxOfflineHours: 12 };
    const done = await t.db.policies.publish(raised, 1_700_000_000_000);
    expect(done).toEqual({
      ok: true,
      value: {
        name: 'chongqing-2021',
        version: raised.version,
        publishedAt: 1_700_000_000_000,
        trustVersion: before + 1,
        published: true,
      },
    });
    expect(await t.db.policies.latest('chongqing-2021')).toEqual(raised);
    const delta = await bundled(before);
    expect(delta.kind).toBe('delta');
    expect(delta.policies).toEqual([{ name: 'chongqing-2021', version: raised.version, policy: raised }]);
    // The published policy's own offline limit applies to its venue's devices.
    expect(delta.maxOfflineAgeSeconds).toBe(12 * 3600);
  });

  it('takes the very same version again as no change, and refuses any version not above the one in force', async () => {
    const current = (await t.db.policies.latest('chongqing-2021'))!;
    const version = await t.db.trust.version();
    const again = await t.db.policies.publish(current);
    expect(again.ok && again.value.published).toBe(false);
    expect(await t.db.trust.version()).toBe(version);
    expect(await t.db.policies.publish({ ...current, title: 'edited, same version' })).toEqual({
      ok: false,
      error: {
        kind: 'version-not-raised',
        name: 'chongqing-2021',
        version: current.version,
        current: current.version,
      },
    });
    // Below the shipped version of its name, even with nothing published under it.
    expect(await t.db.policies.publish({ ...zhejiang2020, version: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'version-not-raised', current: zhejiang2020.version },
    });
    expect((await t.db.policies.list()).map((p) => [p.name, p.version])).toEqual([
      ['chongqing-2021', chongqing2021.version + 1],
    ]);
  });

  // 003 §14: the issuer that knows the new colour says so in the revocation.
  it('keeps a revocation’s colour, adds one to the same revocation, and bundles it', async () => {
    const v = await t.db.trust.version();
    await t.db.trust.addRevocations([{ iss: 'CN-CQ', subject: subject(1), before: 1000 }]);
    const coloured = await t.db.trust.addRevocations([
      { iss: 'CN-CQ', subject: subject(1), before: 1000, colour: 'yellow' },
    ]);
    expect(coloured.changed).toBe(1);
    expect(
      (
        await t.db.trust.addRevocations([
          { iss: 'CN-CQ', subject: subject(1), before: 1000, colour: 'yellow' },
        ])
      ).changed,
    ).toBe(0);
    const later = await t.db.trust.addRevocations([
      { iss: 'CN-CQ', subject: subject(2), before: 2000, colour: 'red' },
    ]);
    const delta = await t.db.trust.changes(v);
    expect(delta.revocations.map((r) => [r.subject[15], r.before, r.colour])).toEqual([
      [1, 1000, 'yellow'],
      [2, 2000, 'red'],
    ]);
    const body = await bundled(v);
    expect(body.version).toBe(later.version);
    expect(body.revocations.map((r) => r.colour)).toEqual(['yellow', 'red']);
  });
});
