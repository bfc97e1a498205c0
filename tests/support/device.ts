// A device as the sync tests run it: a fresh Dexie database enrolled at a venue of a server through a fetch,
// and the syncer over it, retrying at once.
import { naclEd25519 } from '../../src/core/ed25519.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { enrolLink } from '../../src/server/enrol-link.js';
import type { CheckpointDb } from '../../src/store/db.js';
import { deviceId as localDeviceId } from '../../src/store/device.js';
import type { Fetch } from '../../src/sync/api.js';
import { createDeviceKey } from '../../src/sync/device-key.js';
import { enrolDevice, parseEnrolLink } from '../../src/sync/enrol.js';
import { leaseLock } from '../../src/sync/lock.js';
import { dexieOutbox } from '../../src/sync/outbox.js';
import { dexieSyncStorage, type SyncStorage } from '../../src/sync/storage.js';
import { createSyncer, type SyncerDeps } from '../../src/sync/syncer.js';
import { freshDb } from './db.js';

/** A fresh device database enrolled through `fetch` with a new enrolment link of the venue: its sync storage. */
export async function enrolledDevice(server: ServerDb, venueId: string, fetch: Fetch) {
  const db = freshDb();
  const storage = dexieSyncStorage(db);
  const parsed = parseEnrolLink((await enrolLink(server, venueId, 'http://server.test')).enrolUrl);
  if (!parsed.ok) throw new Error(parsed.error);
  const result = await enrolDevice(parsed.value, {
    fetch,
    storage,
    deviceId: await localDeviceId(db),
    createKey: () => createDeviceKey(),
    ed: naclEd25519,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return { db, storage, enrolment: result.value.enrolment };
}

/** The syncer of a device database, through `fetch`, without waits between attempts; `more` adds the rest. */
export function deviceSyncer(
  db: CheckpointDb,
  storage: SyncStorage,
  fetch: Fetch,
  more: Omit<SyncerDeps, 'storage' | 'outbox' | 'fetch' | 'lock' | 'ed'>,
) {
  return createSyncer({
    storage,
    outbox: dexieOutbox(db),
    fetch,
    lock: leaseLock(db, 'upload'),
    ed: naclEd25519,
    sleep: async () => undefined,
    ...more,
  });
}
