// What enrolment leaves on the device, in the app database's meta table: the server, the pinned root key,
// the device key, and the verified trust state the bundles built up.
import type { TrustState } from '../core/bundle.js';
import { saveTrust } from '../store/trust.js';
import type { CheckpointDb } from '../store/db.js';
import type { StoredDeviceKey } from './device-key.js';

/** The device's enrolment with a server. */
export interface Enrolment {
  serverUrl: string;
  deviceId: string;
  venueId: string;
  /** The root public key pinned at enrolment: every later bundle must be signed by it. */
  rootKey: Uint8Array;
  enrolledAt: string;
}

/** Where the sync side keeps its state; the Dexie implementation below, or a test's. */
export interface SyncStorage {
  enrolment(): Promise<Enrolment | null>;
  deviceKey(): Promise<StoredDeviceKey | null>;
  trustState(): Promise<TrustState | null>;
  /** Saves all three at once: a device is enrolled with all of them or none. */
  saveEnrolment(e: Enrolment, key: StoredDeviceKey, trust: TrustState): Promise<void>;
  saveTrustState(trust: TrustState): Promise<void>;
  /** Whether the server disabled this device (shown on screen); cleared by a new enrolment. */
  disabled(): Promise<string | null>;
  setDisabled(message: string | null): Promise<void>;
}

/** The trust state as the app's trust model holds it (store/db.ts TrustSnapshot). */
export function snapshotOf(trust: TrustState) {
  return {
    keys: trust.issuers,
    revocations: trust.revocations,
    ...(trust.shared ? { revocationList: trust.shared.list } : {}),
    authorityKey: trust.authorityKey,
    updatedAt: trust.issuedAt * 1000,
    source: 'bundle' as const,
    version: trust.version,
    maxOfflineSeconds: trust.maxOfflineAgeSeconds,
    venue: trust.venue,
    policies: trust.policies,
  };
}

/** The venue settings a verified bundle carries, as the app's settings patch. */
export function venueSettings(trust: TrustState) {
  const v = trust.venue;
  return v ? { venueId: v.id, venueName: v.name, category: v.category, policy: v.policy } : {};
}

/** The sync state in the app's Dexie database; the app's trust snapshot is written in the same transaction. */
export function dexieSyncStorage(db: CheckpointDb): SyncStorage {
  const get = async <T>(key: string): Promise<T | null> =>
    ((await db.meta.get(key))?.value as T | undefined) ?? null;
  return {
    enrolment: () => get<Enrolment>('sync.enrolment'),
    deviceKey: () => get<StoredDeviceKey>('sync.deviceKey'),
    trustState: () => get<TrustState>('sync.trust'),
    async saveEnrolment(e, key, trust) {
      await db.transaction('rw', db.meta, db.trust, async () => {
        await db.meta.bulkPut([
          { key: 'sync.enrolment', value: e },
          { key: 'sync.deviceKey', value: key },
          { key: 'sync.trust', value: trust },
          { key: 'sync.disabled', value: null },
        ]);
        await saveTrust(snapshotOf(trust), db);
      });
    },
    async saveTrustState(trust) {
      await db.transaction('rw', db.meta, db.trust, async () => {
        await db.meta.put({ key: 'sync.trust', value: trust });
        await saveTrust(snapshotOf(trust), db);
      });
    },
    disabled: () => get<string>('sync.disabled'),
    async setDisabled(message) {
      await db.meta.put({ key: 'sync.disabled', value: message });
    },
  };
}
