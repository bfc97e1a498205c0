// A signed bundle loaded from a file, for a venue without a network (`checkpoint bundle export`): verified against
// the pinned root and applied exactly as a fetched one (no rollback, the device's own venue), then kept.
import { acceptBundle, type BundleError, type SignatureVerifier, type TrustState } from '../core/bundle.js';
import { err, ok, type Result } from '../core/result.js';
import type { SyncStorage } from './storage.js';

/** Why a bundle file was not taken: the device has no pinned root yet, or the bundle was refused. */
export type BundleFileError = { kind: 'not-enrolled' } | { kind: 'rejected'; error: BundleError };

/** The signed bundle in a file: the bundle itself ({body, signature, keyId}), or a bundle answer holding one. */
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
  const applied = await acceptBundle(
    await storage.trustState(),
    signedIn(json),
    enrolment.rootKey,
    ed,
    enrolment.venueId,
  );
  if (!applied.ok) return err({ kind: 'rejected', error: applied.error });
  await storage.saveTrustState(applied.value);
  return ok(applied.value);
}
