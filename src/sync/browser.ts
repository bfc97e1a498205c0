// The sync side wired to the browser: the app's database, window.fetch, Web Locks, the best Ed25519 verifier.
import { bestEd25519 } from '../core/ed25519.js';
import type { SignatureVerifier, TrustState } from '../core/bundle.js';
import type { Result } from '../core/result.js';
import { appDb, type CheckpointDb } from '../store/db.js';
import { deviceId } from '../store/device.js';
import type { Fetch } from './api.js';
import { createDeviceKey } from './device-key.js';
import { enrolDevice, enrolParams, parseEnrolLink, type EnrolFailure } from './enrol.js';
import { createSyncer, type Syncer } from './syncer.js';
import { tabLock } from './lock.js';
import { dexieOutbox } from './outbox.js';
import { dexieSyncStorage, type Enrolment } from './storage.js';

const browserFetch: Fetch = (url, init) => globalThis.fetch(url, init);

const verifier: SignatureVerifier = {
  verify: async (m, s, p) => (await bestEd25519()).verify(m, s, p),
};

/** The app's sync syncer; `onTrust` receives every newly verified trust state (the trust model replaces its snapshot). */
export function browserSyncEngine(
  onTrust?: (state: TrustState) => void,
  db: CheckpointDb = appDb(),
  onSynced?: () => void,
): Syncer {
  return createSyncer({
    storage: dexieSyncStorage(db),
    outbox: dexieOutbox(db),
    fetch: browserFetch,
    lock: tabLock(db),
    ed: verifier,
    isOnline: () => navigator.onLine,
    ...(onTrust ? { onTrust } : {}),
    ...(onSynced ? { onSynced } : {}),
  });
}

/** The enrolment link in this address, if the page was opened from one (…/enrol#token=…). */
export function enrolLinkIn(href: string): string | null {
  const url = new URL(href);
  return url.pathname.replace(/\/+$/, '').endsWith('/enrol') && enrolParams(url).has('token') ? href : null;
}

/** Enrols this browser from an enrolment link. */
export async function enrolThisDevice(
  href: string,
  db: CheckpointDb = appDb(),
): Promise<
  Result<{ enrolment: Enrolment; trust: TrustState }, EnrolFailure | { kind: 'bad-link'; message: string }>
> {
  const link = parseEnrolLink(href);
  if (!link.ok) return { ok: false, error: { kind: 'bad-link', message: link.error } };
  return enrolDevice(link.value, {
    fetch: browserFetch,
    storage: dexieSyncStorage(db),
    deviceId: await deviceId(db),
    createKey: () => createDeviceKey(),
    ed: verifier,
    label: globalThis.navigator?.userAgent?.slice(0, 100) ?? 'browser',
  });
}
