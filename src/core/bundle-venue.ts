// Applying a format-2 bundle: the signed per-venue body, and the shared trust object its pointer names (a full
// snapshot or a delta, checked against the pointer's hash and the root's signature before it is read).
import { secondsFromIso, fromBase64 } from './bytes.js';
import { err, ok, type Result } from './result.js';
import { parseKeysFile } from './trust.js';
import { parseRevocationsFile } from './revocations.js';
import { listColumns, rememberColumns } from './list-columns.js';
import { columnsOf, mergeColumns, revocationListBytes } from './revocation-list.js';
import { openTrustObject, type Digest } from './trust-object.js';
import {
  mergeIssuers,
  type BundleError,
  type BundleIssuerJson,
  type BundlePolicy,
  type BundleRevocationJson,
  type BundleVenue,
  type SignatureVerifier,
  type TrustState,
} from './bundle.js';
import type { IssuerKey } from './trust.js';
import type { TrustPointer } from './trust-object.js';

/** The format tag of the small per-venue body that points at a shared trust object (docs/bundles.md). */
export const VENUE_FORMAT = 'checkpoint-bundle/2';

/**
 * The signed per-venue body: what only this venue's devices need, and a pointer to the shared trust object
 * (snapshot or delta) that brings the device to `version`; `shared` is null when the device holds it already.
 */
export interface VenueBody {
  format: typeof VENUE_FORMAT;
  version: number;
  issuedAt: string;
  venue: BundleVenue;
  /** Issuer keys and revocations trusted for this venue only (the demo's), all of them every time. */
  issuers: BundleIssuerJson[];
  revocations: BundleRevocationJson[];
  policies: BundlePolicy[];
  maxOfflineAgeSeconds: number;
  authorityKey: string | null;
  shared: TrustPointer | null;
}

/** The shared part a device holds: `issuers` and `revocations` above add the venue's own to it. */
export interface SharedTrust {
  issuers: IssuerKey[];
  /** The binary revocation list (core/revocation-list.ts), as merged from the snapshot and deltas. */
  list: Uint8Array;
}

/** What the device holds as shared data: its format-2 part, or (held from a format-1 bundle) all of it. */
function sharedOf(state: TrustState): SharedTrust {
  return state.shared ?? { issuers: state.issuers, list: revocationListBytes(columnsOf(state.revocations)) };
}

/**
 * Applies a verified per-venue body over what the device holds, with the object its pointer names (`object`:
 * the fetched bytes, checked here). Refuses an older version (rollback), another venue's body, a delta the
 * device has no base for (delta-gap: it then asks for a full snapshot) and an object that is not the one named.
 * A body without a pointer (the device holds its version) only makes the held data fresher, never older.
 */
export async function applyVenueBody(
  state: TrustState | null,
  body: VenueBody,
  object: Uint8Array | null,
  venueId: string | null,
  rootPublicKey: Uint8Array,
  ed: SignatureVerifier,
  digest?: Digest,
): Promise<Result<TrustState, BundleError>> {
  if (state && body.version < state.version)
    return err({ kind: 'rollback', have: state.version, got: body.version });
  if (venueId !== null && body.venue.id !== venueId)
    return err({ kind: 'wrong-venue', expected: venueId, got: body.venue.id });
  const venueIssuers = parseKeysFile({ issuers: body.issuers });
  const venueRevocations = parseRevocationsFile({ entries: body.revocations });
  if (!venueIssuers.ok || !venueRevocations.ok) return err({ kind: 'malformed', detail: 'unchecked body' });
  let issuedAt = secondsFromIso(body.issuedAt) ?? 0;
  // The same version again: the server's signed word that nothing changed; it never makes the data look older.
  if (state && body.version === state.version) issuedAt = Math.max(issuedAt, state.issuedAt);
  const pointer = body.shared;
  let shared: SharedTrust;
  if (pointer === null) {
    if (!state || state.version !== body.version)
      return err({ kind: 'delta-gap', have: state?.version ?? 0, since: body.version });
    shared = sharedOf(state);
  } else {
    if (pointer.kind === 'delta' && (!state || pointer.since > state.version))
      return err({ kind: 'delta-gap', have: state?.version ?? 0, since: pointer.since });
    if (!object) return err({ kind: 'wrong-hash', expected: pointer.hash });
    const opened = await openTrustObject(object, pointer, rootPublicKey, ed, digest);
    if (!opened.ok) return opened;
    const o = opened.value;
    if (o.kind === 'full' || !state)
      shared = { issuers: o.issuers, list: rememberColumns(o.listBytes.slice(), o.revocations) };
    else {
      const base = sharedOf(state);
      const held = listColumns(base.list);
      if (!held.ok) return err({ kind: 'malformed', detail: `held list: ${held.error}` });
      const merged = mergeColumns(held.value, o.revocations);
      shared = {
        issuers: mergeIssuers(base.issuers, o.issuers),
        list: rememberColumns(revocationListBytes(merged), merged),
      };
    }
  }
  return ok({
    version: body.version,
    issuedAt,
    venue: body.venue,
    issuers: [...shared.issuers, ...venueIssuers.value],
    revocations: venueRevocations.value,
    policies: body.policies,
    maxOfflineAgeSeconds: body.maxOfflineAgeSeconds,
    authorityKey: body.authorityKey === null ? null : fromBase64(body.authorityKey),
    shared,
  });
}
