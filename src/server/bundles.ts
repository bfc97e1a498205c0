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
import { largeBundle, type LargeBundle } from './trust-format1.js';
import type { Format1Job } from './trust-format1-job.js';
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

/** Changes up to which a delta is always sent; past it, only while it stays under half of the whole list. */
const MIN_DELTA = 1000;

/** A signed bundle for a device: its version, and whether it only renews the data the device holds. */
export interface Bundled {
  version: number;
  upToDate: boolean;
  bundle: SignedBundle;
}

/** Makes the bundle for a device of `venue` that holds version `since`, issued at `now`. */
type BundleMaker = (db: ServerDb, venue: Venue, since: number, now?: number) => Promise<Bundled>;

/**
 * The format-1 bundle, made at once: the routes call it only when it is small (`answerFor`); `upToDate` when it is
 * only a renewal.
 */
export const bundleFor: BundleMaker = async (db, venue, since, now = Date.now()) => {
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
};

/** What a route answers: the bundle in the format the device asked for, made off the event loop when large. */
export interface Answer extends Omit<Bundled, 'bundle'> {
  format: 1 | 2;
  bundle: SignedBundle | LargeBundle;
}

/**
 * The bundle for a device of `venue` holding `since`, in `format` (1: old clients, which send none). A format-1
 * bundle of more than MIN_DELTA revocations (a full one, or a device far behind) is made in a worker thread
 * (trust-format1.ts): the event loop only reads the rows' pages on PostgreSQL (issue 11 item 9).
 */
export async function answerFor(db: ServerDb, venue: Venue, since: number, format: 1 | 2): Promise<Answer> {
  if (format === 2) return { format, ...(await venueBundleFor(db, venue, since)) };
  const plan = await db.trust.plan(since, venue.id, MIN_DELTA);
  if (since === plan.version || plan.rows <= MIN_DELTA)
    return { format, ...(await bundleFor(db, venue, since)) };
  const { root, ...fields } = await venueFields(db, venue, Date.now());
  const body: Format1Job['body'] = {
    format: BUNDLE_FORMAT,
    kind: plan.after === 0 ? 'full' : 'delta',
    version: Math.max(1, plan.version),
    since: plan.after,
    ...fields,
    issuers: (await db.trust.issuersAfter(plan.after, venue.id)).map(issuerJson),
  };
  const job = { body, after: plan.after, venueId: venue.id, secretKey: root.secretKey };
  return { format, version: body.version, upToDate: false, bundle: largeBundle(db, job) };
}

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
export const venueBundleFor: BundleMaker = async (db, venue, since, now = Date.now()) => {
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
};

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
