// The age of the trust data, apart from the trust model so the start-up shell can show it without the core.
import type { TrustSnapshot } from '../store/db.js';

/** How old the trust data is at `now` (ms), in seconds; Infinity when there is none. */
export function trustAgeSeconds(snapshot: TrustSnapshot | null, now: number): number {
  if (!snapshot || snapshot.keys.length === 0) return Infinity;
  return Math.max(0, (now - snapshot.updatedAt) / 1000);
}

/** How old the trust data may be (seconds): the bundle's own limit, else the policy's `maxOfflineHours`. */
export function trustLimitSeconds(snapshot: TrustSnapshot | null, maxOfflineHours: number): number {
  return snapshot?.maxOfflineSeconds ?? maxOfflineHours * 3600;
}
