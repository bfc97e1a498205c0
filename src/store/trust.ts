// The trust data on the device: loaded from files in Settings now, from signed bundles once enrolled.
import { appDb, type CheckpointDb, type TrustSnapshot } from './db.js';

/** The trust data the device holds, or null before any has been loaded. */
export async function loadTrust(db: CheckpointDb = appDb()): Promise<TrustSnapshot | null> {
  const row = await db.trust.get('current');
  if (!row) return null;
  const { id: _id, ...snapshot } = row;
  return snapshot;
}

/** Replaces the trust data as one write, so a reader never sees keys from one source and revocations from another. */
export async function saveTrust(snapshot: TrustSnapshot, db: CheckpointDb = appDb()): Promise<void> {
  await db.trust.put({ ...snapshot, id: 'current' });
}
