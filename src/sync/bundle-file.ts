// A signed bundle loaded from a file, for a venue without a network (`checkpoint bundle export`): verified against
// the pinned root and applied exactly as a fetched one (no rollback, the device's own venue), then kept.
import type { BundleError, SignatureVerifier, TrustState } from '../core/bundle.js';
import { fromBase64 } from '../core/bytes.js';
import { err, ok, type Result } from '../core/result.js';
import { acceptFetched } from './trust-fetch.js';
import type { SyncStorage } from './storage.js';

/** Why a bundle file was not taken: the device has no pinned root yet, or the bundle was refused. */
export type BundleFileError = { kind: 'not-enrolled' } | { kind: 'rejected'; error: BundleError };

/** The trust object a format-2 file carries beside its bundle (`object`, Base64), if any. */
function objectIn(json: unknown): Uint8Array | undefined {
  const object = (json as { object?: unknown } | null)?.object;
  return typeof object === 'string' ? (fromBase64(object) ?? undefined) : undefined;
}

/**
 * The signed bundle in a file: the bundle itself ({body, signature, keyId}, format 1), or a bundle answer holding
 * one (`{bundle, object?}`: format 2 files carry the snapshot the body points to).
 */
function signedIn(json: unknown): unknown {
  const answer = json as { bundle?: unknown; body?: unknown } | null;
  return answer && typeof answer === 'object' && !('body' in answer) && 'bundle' in answer
    ? answer.bundle
    : json;
}

/** Verifies and applies the bundle in `json` over the held trust state, and saves it; the state on success. */
export async function acceptBundleFile(
  json: unknown,
  storage: SyncStorage,
  ed: SignatureVerifier,
): Promise<Result<TrustState, BundleFileError>> {
  const enrolment = await storage.enrolment();
  if (!enrolment) return err({ kind: 'not-enrolled' });
  const applied = await acceptFetched(
    await storage.trustState(),
    signedIn(json),
    { api: null, rootKey: enrolment.rootKey, ed, venueId: enrolment.venueId },
    objectIn(json),
  );
  // A file has nothing to fetch: an object missing from it is refused like a wrong one.
  if (!applied.ok)
    return err({
      kind: 'rejected',
      error:
        applied.error.kind === 'retry' ? { kind: 'malformed', detail: applied.error.reason } : applied.error,
    });
  await storage.saveTrustState(applied.value);
  return ok(applied.value);
}
