// Enrolment and the sync engine on the device's real Dexie database (fake IndexedDB) against the real server.
import { beforeAll, describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { acceptBundle, bundleRequestBytes, signBundle } from '../../src/core/bundle.js';
import { toBase64 } from '../../src/core/bytes.js';
import { revocationSetOf } from '../../src/models/trust.js';
import type { SyncStorage } from '../../src/sync/storage.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { newIssuerKey } from '../../src/core/issuer.js';
import { enrolLink } from '../../src/server/enrol-link.js';
import type { CheckpointDb } from '../../src/store/db.js';
import { deviceId as localDeviceId } from '../../src/store/device.js';
import { appendDecision } from '../../src/store/log.js';
import { loadTrust } from '../../src/store/trust.js';
import type { Fetch } from '../../src/sync/api.js';
import { createDeviceKey, signerOf } from '../../src/sync/device-key.js';
import { enrolDevice, parseEnrolLink } from '../../src/sync/enrol.js';
import { createSyncer } from '../../src/sync/syncer.js';
import { leaseLock } from '../../src/sync/lock.js';
import { dexieOutbox } from '../../src/sync/outbox.js';
import { dexieSyncStorage } from '../../src/sync/storage.js';
import { addVenue, suiteApp } from '../support/server.js';
import { enrolledDevice, deviceSyncer } from '../support/device.js';
import { freshDb } from '../support/db.js';
import { sampleEntry } from '../support/entries.js';
import { injectFetch } from './harness.js';

const server = suiteApp();
let venueId: string;
let syncRuns = 0;

beforeAll(async () => {
  venueId = await addVenue(server.db);
  await server.db.trust.addIssuers([newIssuerKey('CN-ZJ', 1_700_000_000).key]);
});

const link = async () => (await enrolLink(server.db, venueId, 'http://server.test')).enrolUrl;

async function enrolled(fetch: Fetch = injectFetch(server.app)) {
  const { db, storage, enrolment } = await enrolledDevice(server.db, venueId, fetch);
  const engine = deviceSyncer(db, storage, fetch, { maxAttempts: 2, onSynced: () => void syncRuns++ });
  return { db, storage, engine, enrolment };
}

/** The request the previous app made: signed by the device key, without `format`. */
async function oldRequest(deviceId: string, storage: SyncStorage) {
  const at = new Date().toISOString();
  const signature = await signerOf((await storage.deviceKey())!).sign(bundleRequestBytes(deviceId, 0, at));
  return { deviceId, since: 0, at, signature: toBase64(signature) };
}

async function log(db: CheckpointDb, count: number, at = () => new Date().toISOString()) {
  for (let i = 1; i <= count; i++) {
    const r = await appendDecision({ ...sampleEntry(i, venueId), at: at() }, db);
    if (!r.ok) throw new Error(r.error.message);
  }
}

describe('enrolment', () => {
  it('registers a non-extractable key under the log device id, pins the root and loads the first bundle', async () => {
    const { db, storage, enrolment } = await enrolled();
    expect(enrolment.deviceId).toBe(await localDeviceId(db));
    const key = await storage.deviceKey();
    expect(key?.kind).toBe('webcrypto');
    if (key?.kind === 'webcrypto') expect(key.privateKey.extractable).toBe(false);
    expect(
      Buffer.from(enrolment.rootKey).equals(Buffer.from((await server.db.meta.rootKey()).publicKey)),
    ).toBe(true);
    const trust = await loadTrust(db);
    expect(trust).toMatchObject({ source: 'bundle', keys: [expect.objectContaining({ iss: 'CN-ZJ' })] });
    expect(trust?.maxOfflineSeconds).toBeGreaterThan(0);
    expect((await server.db.devices.get(enrolment.deviceId))?.venueId).toBe(venueId);
  });

  it('says clearly when the link was already used, and when it is unknown', async () => {
    const href = await link();
    const parsed = parseEnrolLink(href);
    if (!parsed.ok) throw new Error(parsed.error);
    const deps = (db: CheckpointDb) => ({
      fetch: injectFetch(server.app),
      storage: dexieSyncStorage(db),
      deviceId: crypto.randomUUID(),
      createKey: () => createDeviceKey(),
      ed: naclEd25519,
    });
    expect((await enrolDevice(parsed.value, deps(freshDb()))).ok).toBe(true);
    const again = await enrolDevice(parsed.value, deps(freshDb()));
    expect(again).toMatchObject({
      ok: false,
      error: { kind: 'refused', error: 'token-used', message: expect.stringContaining('already been used') },
    });
    const unknown = await enrolDevice({ ...parsed.value, token: 'not-a-real-token' }, deps(freshDb()));
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'refused', error: 'token-unknown' } });
    expect(parseEnrolLink('http://server.test/enrol')).toEqual({
      ok: false,
      error: 'the link has no enrolment token',
    });
  });

  it('refuses a server whose root key is not the one the link names', async () => {
    const parsed = parseEnrolLink(await link());
    if (!parsed.ok) throw new Error(parsed.error);
    const db = freshDb();
    const r = await enrolDevice(
      { ...parsed.value, rootKeyId: '0011223344556677' },
      {
        fetch: injectFetch(server.app),
        storage: dexieSyncStorage(db),
        deviceId: 'dev-x-000001',
        createKey: () => createDeviceKey(),
        ed: naclEd25519,
      },
    );
    expect(r).toMatchObject({ ok: false, error: { kind: 'root-mismatch' } });
    expect(await dexieSyncStorage(db).enrolment()).toBeNull();
  });
});

describe('sync engine', () => {
  it('uploads the log, marks it synced, and shows the count and last sync', async () => {
    const { db, engine } = await enrolled();
    await log(db, 25);
    await engine.refresh();
    expect(engine.status.value.pending).toBe(25);
    await engine.syncNow();
    expect(engine.status.value).toMatchObject({
      state: 'idle',
      pending: 0,
      progress: { sent: 25, total: 25 },
    });
    expect(engine.status.value.lastSyncAt).not.toBeNull();
    expect(await db.records.where('synced').equals(1).count()).toBe(25);
  });

  it('applies a signed delta after a revocation on the server', async () => {
    const { db, engine, storage } = await enrolled();
    const before = (await storage.trustState())!.version;
    await server.db.trust.addRevocations([
      { iss: 'CN-ZJ', subject: new Uint8Array(16).fill(0x42), before: 1_900_000_000 },
    ]);
    await engine.syncNow();
    const after = await storage.trustState();
    expect(after!.version).toBeGreaterThan(before);
    // The shared revocations arrive as a delta object under /trust/ and merge into the device's binary list.
    const held = revocationSetOf(await loadTrust(db));
    expect(held.ok && held.value.revokedBefore('CN-ZJ', new Uint8Array(16).fill(0x42))).toBe(1_900_000_000);
    expect((await loadTrust(db))?.version).toBe(after!.version);
  });

  it('moves a device holding a format-1 bundle to format 2 in its next sync, keeping its revocations', async () => {
    const { db, engine, storage, enrolment } = await enrolled();
    await server.db.trust.addRevocations([
      { iss: 'CN-ZJ', subject: new Uint8Array(16).fill(0x51), before: 1_800_000_000 },
    ]);
    // What the previous app held: the self-contained bundle of the old POST (no `format`), entries in JSON.
    const old = await injectFetch(server.app)('http://localhost:8080/api/v1/bundle', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(await oldRequest(enrolment.deviceId, storage)),
    });
    const legacy = await acceptBundle(
      null,
      ((await old.json()) as { bundle: unknown }).bundle,
      enrolment.rootKey,
      naclEd25519,
      enrolment.venueId,
    );
    if (!legacy.ok) throw new Error(legacy.error.kind);
    expect(legacy.value.shared).toBeUndefined();
    await storage.saveTrustState(legacy.value);
    await server.db.trust.addRevocations([
      { iss: 'CN-ZJ', subject: new Uint8Array(16).fill(0x52), before: 1_900_000_000 },
    ]);
    await engine.syncNow();
    const after = (await storage.trustState())!;
    expect(after.version).toBeGreaterThan(legacy.value.version);
    expect(after.shared?.list).toBeInstanceOf(Uint8Array);
    const held = revocationSetOf(await loadTrust(db));
    if (!held.ok) throw new Error(held.error);
    expect(held.value.revokedBefore('CN-ZJ', new Uint8Array(16).fill(0x51))).toBe(1_800_000_000);
    expect(held.value.revokedBefore('CN-ZJ', new Uint8Array(16).fill(0x52))).toBe(1_900_000_000);
  });

  it('keeps the trust data fresh while nothing changes: each sync brings a signed renewal', async () => {
    const { storage, engine } = await enrolled();
    const before = (await storage.trustState())!;
    // Issue times have one-second resolution.
    await new Promise((r) => setTimeout(r, 1100));
    await engine.syncNow();
    const after = (await storage.trustState())!;
    expect(after.version).toBe(before.version);
    expect(after.issuedAt).toBeGreaterThan(before.issuedAt);
    expect(engine.status.value.lastError).toBeNull();
  });

  it('refuses a bundle signed by another root, keeps its trust data and says why', async () => {
    const real = injectFetch(server.app);
    const impostor = nacl.sign.keyPair();
    const fetch: Fetch = async (url, init) => {
      const res = await real(url, init);
      if (!url.endsWith('/api/v1/bundle')) return res;
      // A man in the middle re-signs a newer bundle with his own key.
      const json = (await res.json()) as { bundle?: { body: string } };
      const body = json.bundle ? JSON.parse(json.bundle.body) : null;
      return {
        status: 200,
        json: async () =>
          body
            ? {
                upToDate: false,
                version: body.version + 100,
                bundle: signBundle({ ...body, version: body.version + 100 }, impostor.secretKey),
              }
            : json,
      };
    };
    const { engine, storage } = await enrolled(fetch);
    const held = (await storage.trustState())!.version;
    await server.db.trust.addRevocations([
      { iss: 'CN-ZJ', subject: new Uint8Array(16).fill(0x43), before: 1_900_000_000 },
    ]);
    await engine.syncNow();
    expect(engine.status.value.lastError).toBe('trust bundle refused: wrong-key');
    expect((await storage.trustState())!.version).toBe(held);
  });

  it('stops and shows the message when the server disabled the device; records stay', async () => {
    const { db, engine, enrolment } = await enrolled();
    await log(db, 3);
    await server.db.devices.disable(enrolment.deviceId);
    await engine.syncNow();
    expect(engine.status.value).toMatchObject({ state: 'disabled', pending: 3 });
    expect(engine.status.value.disabledMessage).toContain('disabled');
  });

  it('shows offline when the server cannot be reached and keeps every record pending', async () => {
    const { db, engine } = await enrolled();
    await log(db, 4);
    const offline = createSyncer({
      storage: dexieSyncStorage(db),
      outbox: dexieOutbox(db),
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      lock: leaseLock(db, 'upload'),
      ed: naclEd25519,
      sleep: async () => undefined,
      maxAttempts: 2,
    });
    await offline.syncNow();
    expect(offline.status.value).toMatchObject({ state: 'offline', pending: 4 });
    await engine.syncNow();
    expect(engine.status.value.pending).toBe(0);
  });

  it('says offline at once, asking nothing of the server, when the device knows it has no network', async () => {
    const { db } = await enrolled();
    await log(db, 2);
    let requests = 0;
    let online = false;
    const states: string[] = [];
    const engine = createSyncer({
      storage: dexieSyncStorage(db),
      outbox: dexieOutbox(db),
      fetch: async () => {
        requests++;
        throw new TypeError('Failed to fetch');
      },
      lock: leaseLock(db, 'upload'),
      ed: naclEd25519,
      sleep: async () => undefined,
      maxAttempts: 2,
      isOnline: () => online,
    });
    engine.status.subscribe((s) => states.push(s.state));
    await engine.syncNow();
    expect(engine.status.value).toMatchObject({ state: 'offline', pending: 2, progress: null });
    expect(states).not.toContain('syncing');
    expect(requests).toBe(0);
    online = true;
    await engine.syncNow();
    expect(requests).toBeGreaterThan(0);
  });

  it('deletes synced records after 14 days and never an unsynced one', async () => {
    const { db, engine } = await enrolled();
    const old = new Date(Date.now() - 20 * 86_400_000).toISOString();
    await log(db, 6, () => old);
    await engine.syncNow();
    expect(await db.records.count()).toBe(0);
    await log(db, 2, () => old);
    const offline = createSyncer({
      storage: dexieSyncStorage(db),
      outbox: dexieOutbox(db),
      fetch: async () => ({ status: 503, json: async () => ({}) }),
      lock: leaseLock(db, 'upload'),
      ed: naclEd25519,
      sleep: async () => undefined,
      maxAttempts: 1,
    });
    await offline.syncNow();
    expect(await db.records.count()).toBe(2);
  });

  it('goes once more when asked during a run: a record logged meanwhile does not wait for the timer', async () => {
    const { db } = await enrolled();
    await log(db, 1);
    const outbox = dexieOutbox(db);
    let second: Promise<void> | null = null;
    const engine = createSyncer({
      storage: dexieSyncStorage(db),
      // A red code is decided just after the uploader found nothing more to send, and its report asks for a sync.
      outbox: {
        ...outbox,
        pending: async () => {
          const found = await outbox.pending();
          if (found.length === 0 && !second) {
            await log(db, 1);
            second = engine.syncNow();
          }
          return found;
        },
      },
      fetch: injectFetch(server.app),
      lock: leaseLock(db, 'upload'),
      ed: naclEd25519,
    });
    await engine.syncNow();
    await second;
    expect(second).not.toBeNull();
    expect(await outbox.pendingCount()).toBe(0);
    expect(engine.status.value).toMatchObject({ state: 'idle', pending: 0 });
  });

  it('uploads at once when the network comes back, not after the backoff it was sleeping through', async () => {
    const { db } = await enrolled();
    await log(db, 3);
    const inner = injectFetch(server.app);
    const network = { up: false, failedUploads: 0 };
    const engine = createSyncer({
      storage: dexieSyncStorage(db),
      outbox: dexieOutbox(db),
      fetch: (url, init) => {
        if (network.up) return inner(url, init);
        if (url.endsWith('/api/v1/batches')) network.failedUploads++;
        return Promise.reject(new TypeError('Failed to fetch'));
      },
      lock: leaseLock(db, 'upload'),
      ed: naclEd25519,
      // A backoff far longer than this test may run: only the `online` event can end it.
      sleep: () => new Promise<void>(() => undefined),
    });
    const window = new EventTarget();
    const stop = engine.start(window, 3_600_000);
    await expect.poll(() => network.failedUploads).toBe(1);
    network.up = true;
    window.dispatchEvent(new Event('online'));
    await expect.poll(() => dexieOutbox(db).pendingCount(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => engine.status.value).toMatchObject({ state: 'idle', pending: 0 });
    stop();
  });
});
