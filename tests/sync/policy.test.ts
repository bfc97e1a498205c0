// Rules as signed data that devices use: a rule published on the server reaches an enrolled device in its next
// sync, decides its next scan offline, and the record (on the device and then on the server) names its version.
import { beforeAll, describe, expect, it } from 'vitest';
import { newIssuerKey, type IssuerSecret } from '../../src/core/issuer.js';
import { zhejiang2020 } from '../../src/core/policy/policies/zhejiang-2020.js';
import { createDecisionModels } from '../../src/models/decision-models.js';
import { createSettingsModel } from '../../src/models/settings.js';
import { DEFAULT_SETTINGS } from '../../src/store/settings.js';
import type { Fetch } from '../../src/sync/api.js';
import { snapshotOf } from '../../src/sync/storage.js';
import { nowSeconds, signedCode } from '../support/codes.js';
import { enrolledDevice, deviceSyncer } from '../support/device.js';
import { addVenue, suiteApp } from '../support/server.js';
import { injectFetch } from './harness.js';

const server = suiteApp();
let venueId: string;
let issuer: IssuerSecret;

beforeAll(async () => {
  venueId = await addVenue(server.db, 'Offices', 'office');
  issuer = newIssuerKey('CN-ZJ', nowSeconds() - 86400);
  await server.db.trust.addIssuers([issuer.key]);
});

/** An enrolled device running the app's own models over its database, and its syncer on a switchable network. */
async function device() {
  const network = { online: true };
  const online = injectFetch(server.app);
  const fetch: Fetch = (url, init) =>
    network.online ? online(url, init) : Promise.reject(new TypeError('Failed to fetch'));
  const { db, storage } = await enrolledDevice(server.db, venueId, fetch);
  // The venue's settings, as the app takes them from the bundle (src/ui/Sync/wire.tsx).
  const settings = createSettingsModel(
    { ...DEFAULT_SETTINGS, venueId, category: 'office', policy: 'zhejiang-2020' },
    async () => undefined,
  );
  const models = await createDecisionModels(settings, () => undefined, db);
  const syncer = deviceSyncer(db, storage, fetch, {
    maxAttempts: 1,
    onTrust: (state) => void models.trust.replace(snapshotOf(state)),
    isOnline: () => network.online,
  });
  return { db, network, models, syncer };
}

describe('a rule published on the server', () => {
  it('reaches the device in its next sync and decides its next scan, offline; the record names the version', async () => {
    const { db, network, models, syncer } = await device();
    const { checkpoint } = models;
    const yellow = (n: number) =>
      signedCode(issuer, { colour: 'yellow', subject: new Uint8Array(16).fill(n) });

    // Until the rule changes: the venue's policy from the enrolment bundle (the shipped version), yellow at an
    // office not restricted by 001 §2(2)'s lists (option yellow-unlisted, literal `free`).
    expect(checkpoint.policyOrigin()).toMatchObject({ kind: 'bundle' });
    await checkpoint.scan(yellow(1));
    expect(checkpoint.current.value?.entry).toMatchObject({
      decision: 'admit',
      policy: 'zhejiang-2020',
      policyVersion: zhejiang2020.version,
    });
    checkpoint.dismiss();

    // The authority chooses the other reading in signed data: yellow enters only where §2(2) expressly lets it.
    const options = zhejiang2020.options!;
    const stricter = {
      ...zhejiang2020,
      version: zhejiang2020.version + 1,
      options: { ...options, 'yellow-unlisted': { ...options['yellow-unlisted']!, chosen: 'refuse' } },
    };
    const published = await server.db.policies.publish(stricter);
    expect(published.ok).toBe(true);

    await syncer.syncNow();
    expect(checkpoint.policy().version).toBe(stricter.version);
    expect(checkpoint.policyOrigin()).toEqual({
      kind: 'bundle',
      bundleVersion: published.ok ? published.value.trustVersion : -1,
    });

    // The network goes; the next scan is decided by the new rule, and logged under its version.
    network.online = false;
    await checkpoint.scan(yellow(2));
    expect(checkpoint.current.value?.entry).toMatchObject({
      decision: 'deny',
      policyVersion: stricter.version,
      rules: ['yellow-unlisted-refused'],
    });
    // The first went up with the sync that brought the rule; this one waits for the network.
    expect(await db.records.where('synced').equals(0).count()).toBe(1);

    // Back online, both records reach the server, each under the version it was decided by.
    network.online = true;
    await syncer.syncNow();
    const stored = [];
    for await (const r of server.db.records.export({ venueId })) stored.push(r.record);
    expect(stored.map((r) => [r.decision, r.policy, r.policyVersion])).toEqual([
      ['admit', 'zhejiang-2020', zhejiang2020.version],
      ['deny', 'zhejiang-2020', stricter.version],
    ]);
  });
});
