// Fetches the next signed bundle (the per-venue body, and the snapshot or delta it points to), checks both against
// the pinned root, applies them. A device holding a format-1 bundle moves to format 2 here, in its next refresh.
import { toBase64 } from '../core/bytes.js';
import {
  bundleRequestBytes,
  type BundleError,
  type SignatureVerifier,
  type TrustState,
} from '../core/bundle.js';
import type { Signer } from '../core/batch.js';
import { refusalOf, type Refusal, type ServerApi } from './api.js';
import { acceptFetched } from './trust-fetch.js';

/** How a refresh ended. */
export type RefreshOutcome =
  | { kind: 'updated'; state: TrustState; delta: boolean }
  /** Nothing changed: the held data is confirmed current as of the renewal's issue time. */
  | { kind: 'renewed'; state: TrustState }
  | { kind: 'retry'; reason: string }
  | Refusal
  | { kind: 'rejected'; error: BundleError };

/** What a refresh needs. */
export interface RefreshDeps {
  api: ServerApi;
  deviceId: string;
  signer: Signer;
  rootKey: Uint8Array;
  venueId: string;
  ed: SignatureVerifier;
  now?: () => Date;
}

/** Asks for what changed since the held version; a delta the device cannot apply is followed by a full request. */
export async function refreshBundle(held: TrustState | null, deps: RefreshDeps): Promise<RefreshOutcome> {
  const first = await fetchOnce(held, held?.version ?? 0, deps);
  if (first.kind === 'rejected' && first.error.kind === 'delta-gap') return fetchOnce(held, 0, deps);
  return first;
}

async function fetchOnce(held: TrustState | null, since: number, deps: RefreshDeps): Promise<RefreshOutcome> {
  const at = (deps.now?.() ?? new Date()).toISOString();
  const signature = toBase64(await deps.signer.sign(bundleRequestBytes(deps.deviceId, since, at)));
  const answer = await deps.api.bundle({ deviceId: deps.deviceId, since, at, signature, format: 2 });
  if (answer.kind === 'retry') return answer;
  if (answer.kind === 'refused') return refusalOf(answer);
  const applied = await acceptFetched(held, answer.value.bundle, deps);
  if (!applied.ok)
    return applied.error.kind === 'retry'
      ? { kind: 'retry', reason: applied.error.reason }
      : { kind: 'rejected', error: applied.error };
  if (answer.value.upToDate) return { kind: 'renewed', state: applied.value };
  return { kind: 'updated', state: applied.value, delta: since > 0 };
}
