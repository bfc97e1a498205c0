// A signed bundle loaded from a file (issue 11 item 1): for a venue without a network, verified against the root
// pinned at enrolment exactly as a fetched bundle, never rolling back, and kept with the sync state.
import { beforeAll, describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { signBundle, type BundleBody, type SignedBundle } from '../../src/core/bundle.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { newIssuerKey } from '../../src/core/issuer.js';
import { bundleFor } from '../../src/server/bundles.js';
import { enrolLink } from '../../src/server/enrol-link.js';
import { deviceId as localDeviceId } from '../../src/store/device.js';
import { loadTrust } from '../../src/store/trust.js';
import { acceptBundleFile } from '../../src/sync/bundle-file.js';
import { createDeviceKey } from '../../src/sync/device-key.js';
import { enrolDevice, parseEnrolLink } from '../../src/sync/enrol.js';
import { dexieSyncStorage } from '../../src/sync/storage.js';
import { addVenue, suiteApp } from '../support/server.js';
import { freshDb } from '../support/db.js';
import { injectFetch } from './harness.js';

const server = suiteApp();
let venueId: string;
let otherVenue: string;

beforeAll(async () => {
  venueId = await addVenue(server.db, 'Hut', 'office');
  otherVenue = await addVenue(server.db);
  await server.db.trust.addIssuers([newIssuerKey('CN-ZJ', 1_700_000_000).key]);
});

async function enrolledDevice() {
  const db = freshDb();
  const storage = dexieSyncStorage(db);
  const link = parseEnrolLink((await enrolLink(server.db, venueId, 'http://server.test')).enrolUrl);
  if (!link.ok) throw new Error(link.error);
  const r = await enrolDevice(link.value, {
    fetch: injectFetch(server.app),
    storage,
    deviceId: await localDeviceId(db),
    createKey: () => createDeviceKey(),
    ed: naclEd25519,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return { db, storage, version: r.value.trust.version };
}

const exported = async (venue = venueId, at = Date.now()) =>
  (await bundleFor(server.db, (await server.db.venues.get(venue))!, 0, at)).bundle;

describe('acceptBundleFile', () => {
  it('takes the venue’s exported bundle with new trust data, and keeps it with the sync state', async () => {
    const { db, storage, version } = await enrolledDevice();
    const added = newIssuerKey('CN-SH', 1_700_000_000).key;
    await server.db.trust.addIssuers([added]);
    const r = await acceptBundleFile(await exported(), storage, naclEd25519);
    expect(r.ok && r.value.version).toBeGreaterThan(version);
    expect((await storage.trustState())?.issuers.map((k) => k.kid)).toContain(added.kid);
    expect((await loadTrust(db))?.keys.map((k) => k.kid)).toContain(added.kid);
  });

  it('takes the same version exported again later: it renews the trust data’s age', async () => {
    const { storage } = await enrolledDevice();
    const held = (await storage.trustState())!;
    const later = await exported(venueId, Date.now() + 3600_000);
    const r = await acceptBundleFile(later, storage, naclEd25519);
    expect(r.ok && r.value.issuedAt).toBeGreaterThan(held.issuedAt);
  });

  it('takes the server’s whole bundle answer too ({upToDate, version, bundle})', async () => {
    const { storage } = await enrolledDevice();
    const answer = await bundleFor(
      server.db,
      (await server.db.venues.get(venueId))!,
      0,
      Date.now() + 7200_000,
    );
    expect((await acceptBundleFile(answer, storage, naclEd25519)).ok).toBe(true);
  });

  const forged = (b: SignedBundle, change: (body: BundleBody) => void): SignedBundle => {
    const body = JSON.parse(b.body) as BundleBody;
    change(body);
    return { ...b, body: JSON.stringify(body) };
  };
  const stranger = nacl.sign.keyPair();

  it.each<[string, (b: SignedBundle) => unknown, string]>([
    [
      'an altered body (another issuer key added)',
      (b) => forged(b, (body) => body.issuers.push({ ...body.issuers[0]!, iss: 'CN-XX' })),
      'bad-signature',
    ],
    [
      'a bundle signed by another root',
      (b) => signBundle(JSON.parse(b.body) as BundleBody, stranger.secretKey),
      'wrong-key',
    ],
    ['an unsigned keys file', () => ({ issuers: [] }), 'malformed'],
    ['a bundle without its signature', (b) => ({ ...b, signature: '' }), 'unsigned'],
  ])('refuses %s and changes nothing', async (_, make, kind) => {
    const { db, storage } = await enrolledDevice();
    const before = await loadTrust(db);
    const r = await acceptBundleFile(make(await exported()), storage, naclEd25519);
    expect(r).toEqual({ ok: false, error: { kind: 'rejected', error: expect.objectContaining({ kind }) } });
    expect(await loadTrust(db)).toEqual(before);
  });

  it('refuses another venue’s bundle', async () => {
    const { storage } = await enrolledDevice();
    const r = await acceptBundleFile(await exported(otherVenue, Date.now() + 3600_000), storage, naclEd25519);
    expect(r).toMatchObject({ ok: false, error: { kind: 'rejected', error: { kind: 'wrong-venue' } } });
  });

  it('never rolls back: an older export is refused once a newer one is held', async () => {
    const { storage } = await enrolledDevice();
    const old = await exported(venueId, Date.now() - 3600_000);
    await server.db.trust.addIssuers([newIssuerKey('CN-GD', 1_700_000_000).key]);
    expect((await acceptBundleFile(await exported(), storage, naclEd25519)).ok).toBe(true);
    const r = await acceptBundleFile(old, storage, naclEd25519);
    expect(r).toMatchObject({ ok: false, error: { kind: 'rejected', error: { kind: 'rollback' } } });
  });

  it('refuses any bundle file on a device that was never enrolled (it has no root to check against)', async () => {
    const storage = dexieSyncStorage(freshDb());
    expect(await acceptBundleFile(await exported(), storage, naclEd25519)).toEqual({
      ok: false,
      error: { kind: 'not-enrolled' },
    });
  });
});
