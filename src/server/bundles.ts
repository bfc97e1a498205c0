// Builds the signed bundle a venue's device needs, from the database: a full snapshot or a delta since its version,
// with the venue's policy (its newest published version, else the shipped one).
import { toBase64 } from '../core/bytes.js';
import {
  BUNDLE_FORMAT,
  issuerJson,
  revocationJson,
  signBundle,
  VENUE_FORMAT,
  type BundleBody,
  type SignedBundle,
  type VenueBody,
} from '../core/bundle.js';
import type { TrustPointer } from '../core/trust-object.js';
import { trustObject } from './trust-build.js';
import { POLICIES, type Policy } from '../core/policy/index.js';
import type { ServerDb, Venue } from './db/index.js';

/** Hours of offline work a venue allows when neither the venue nor its policy says. */
const DEFAULT_MAX_OFFLINE_HOURS = 24;

/** How many hours a venue's devices may work offline: the venue's setting, else its policy's (the shipped one by default). */
export function maxOfflineHoursOf(
  venue: Pick<Venue, 'policy' | 'settings'>,
  policy: Pick<Policy, 'maxOfflineHours'> | undefined = POLICIES[venue.policy],
): number {
  return typeof venue.settings.maxOfflineHours === 'number'
    ? venue.settings.maxOfflineHours
    : (policy?.maxOfflineHours ?? DEFAULT_MAX_OFFLINE_HOURS);
}

/** The bundle for a device of `venue` that holds version `since`; `upToDate` when it is only a renewal. */
export async function bundleFor(
  db: ServerDb,
  venue: Venue,
  since: number,
  now = Date.now(),
): Promise<{ version: number; upToDate: boolean; bundle: SignedBundle }> {
  const changes = await db.trust.changes(since, venue.id);
  // Up to date: a signed renewal (a delta with since = version, no changes) tells the device its data is current.
  const renewal = since > 0 && since === changes.version;
  const { root, ...fields } = await venueFields(db, venue, now);
  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    kind: renewal ? 'delta' : changes.kind,
    // A server without any trust change yet is at version 0; the first bundle is still version 1 or more.
    version: Math.max(1, changes.version),
    since: renewal ? since : changes.since,
    ...fields,
    issuers: changes.issuers.map(issuerJson),
    revocations: changes.revocations.map(revocationJson),
  };
  return { version: body.version, upToDate: renewal, bundle: signBundle(body, root) };
}

/** Changes up to which a delta is always sent; past it, only while it stays under half of the whole list. */
const MIN_DELTA = 1000;

// Whether the shared changes since `since` are worth a delta rather than the snapshot (as TrustRepo.changes).
async function deltaPays(db: ServerDb, since: number): Promise<boolean> {
  if ((await db.trustObjects.changedCount(since, MIN_DELTA + 1)) <= MIN_DELTA) return true;
  const changed = await db.trustObjects.changedCount(since, Number.MAX_SAFE_INTEGER);
  return changed * 2 <= (await db.trust.revocationCount());
}

/**
 * The format-2 bundle for a device of `venue` holding version `since`: the small signed per-venue body, pointing
 * to the shared object (a delta from `since` when it pays, else the snapshot) that brings the device to the
 * current version, or to nothing when the device holds it already (`upToDate`).
 */
export async function venueBundleFor(
  db: ServerDb,
  venue: Venue,
  since: number,
  now = Date.now(),
): Promise<{ version: number; upToDate: boolean; bundle: SignedBundle }> {
  const version = Math.max(1, await db.trust.version());
  const upToDate = since === version;
  let shared: TrustPointer | null = null;
  if (!upToDate) {
    const delta = since > 0 && since < version && (await deltaPays(db, since));
    shared = await trustObject(db, delta ? since : 0, version);
  }
  const { root, ...fields } = await venueFields(db, venue, now);
  const body: VenueBody = {
    format: VENUE_FORMAT,
    version,
    ...fields,
    issuers: (await db.trust.issuersSince(0, venue.id)).map(issuerJson),
    revocations: (await db.trust.venueRevocations(venue.id)).map(revocationJson),
    shared,
  };
  return { version, upToDate, bundle: signBundle(body, root) };
}

// What both formats say of the venue: itself, its policy (its newest published version, else the one shipped
// with Checkpoint), the offline age, the authority key and the issue time; and the root key that signs.
async function venueFields(db: ServerDb, venue: Venue, now: number) {
  const root = await db.meta.rootKey();
  const authority = await db.trust.authorityKey();
  const policy = (await db.policies.latest(venue.policy)) ?? POLICIES[venue.policy];
  return {
    root,
    issuedAt: new Date(now).toISOString(),
    venue: {
      id: venue.id,
      name: venue.name,
      category: venue.category,
      policy: venue.policy,
      settings: venue.settings,
    },
    policies: policy ? [{ name: policy.name, version: policy.version, policy }] : [],
    maxOfflineAgeSeconds: Math.round(maxOfflineHoursOf(venue, policy) * 3600),
    authorityKey: authority ? toBase64(authority) : null,
  };
}
