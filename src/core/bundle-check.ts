// The shape checks of signed bundle bodies, run only after the root's signature held (core/bundle.ts).
import { fromBase64, secondsFromIso } from './bytes.js';
import { err, ok, type Result } from './result.js';
import { parseKeysFile } from './trust.js';
import { parseRevocationsFile } from './revocations.js';
import { parsePackagedPolicy, type PackagedPolicy } from './policy/delivered.js';
import {
  BUNDLE_FORMAT,
  VENUE_FORMAT,
  type BundleBody,
  type BundleError,
  type BundlePolicy,
  type BundleVenue,
  type VenueBody,
} from './bundle.js';

type Fields = Partial<Record<keyof BundleBody | keyof VenueBody, unknown>>;
const bad = (detail: string) => err<BundleError>({ kind: 'malformed', detail });
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks the shape of a format-1 body (after its signature). */
export function checkBody(value: unknown): Result<BundleBody, BundleError> {
  const b = value as Fields | null;
  if (!b || typeof b !== 'object') return bad('body is not an object');
  if (b.format !== BUNDLE_FORMAT) return bad(`format is not ${BUNDLE_FORMAT}`);
  if (b.kind !== 'full' && b.kind !== 'delta') return bad('kind must be full or delta');
  if (!isCount(b.version) || b.version < 1) return bad('version must be a positive integer');
  if (!isCount(b.since) || b.since > b.version) return bad('since must be an integer not above version');
  if (b.kind === 'full' && b.since !== 0) return bad('a full bundle has since 0');
  if (
    b.since === b.version &&
    (!Array.isArray(b.issuers) ||
      b.issuers.length > 0 ||
      !Array.isArray(b.revocations) ||
      b.revocations.length > 0)
  )
    return bad('a renewal (since = version) carries no changes');
  if (b.venue !== null && (typeof b.venue !== 'object' || typeof (b.venue as BundleVenue).id !== 'string'))
    return bad('venue must be an object with an id, or null');
  // The device decides by the policies: one that does not check out refuses the bundle, not a scan later.
  const common = checkCommon(b);
  if (common) return bad(common);
  return ok(b as BundleBody);
}

// The fields both formats share: issue time, offline age, authority key, venue, policies and the venue's lists.
function checkCommon(b: Fields): string | null {
  if (typeof b.issuedAt !== 'string' || secondsFromIso(b.issuedAt) === null)
    return 'issuedAt must be ISO 8601';
  if (!Array.isArray(b.issuers) || !Array.isArray(b.revocations) || !Array.isArray(b.policies))
    return 'issuers, revocations and policies must be arrays';
  if (!isCount(b.maxOfflineAgeSeconds)) return 'maxOfflineAgeSeconds must be a non-negative integer';
  if (
    b.authorityKey !== null &&
    (typeof b.authorityKey !== 'string' || fromBase64(b.authorityKey)?.length !== 32)
  )
    return 'authorityKey must be 32 bytes of Base64 or null';
  for (const p of b.policies as unknown[]) {
    const policy = p as Partial<BundlePolicy> | null;
    if (!policy || typeof policy.name !== 'string' || !isCount(policy.version))
      return 'policies[]: name, version';
    const parsed = parsePackagedPolicy(policy as PackagedPolicy);
    if (!parsed.ok) return `policies[${policy.name}]: ${parsed.error.message}`;
  }
  const issuers = parseKeysFile({ issuers: b.issuers });
  if (!issuers.ok) return issuers.error;
  const revocations = parseRevocationsFile({ entries: b.revocations });
  if (!revocations.ok) return revocations.error;
  return null;
}

/** Checks the shape of a format-2 (per-venue) body, its pointer to the shared trust object included. */
export function checkVenueBody(value: unknown): Result<VenueBody, BundleError> {
  const b = value as Fields | null;
  if (!b || typeof b !== 'object') return bad('body is not an object');
  if (b.format !== VENUE_FORMAT) return bad(`format is not ${VENUE_FORMAT}`);
  if (!isCount(b.version) || b.version < 1) return bad('version must be a positive integer');
  if (!b.venue || typeof b.venue !== 'object' || typeof (b.venue as BundleVenue).id !== 'string')
    return bad('venue must be an object with an id');
  const common = checkCommon(b);
  if (common) return bad(common);
  const p = b.shared as Partial<Record<string, unknown>> | null;
  if (p !== null) {
    if (!p || typeof p !== 'object') return bad('shared must be a pointer or null');
    if (p.kind !== 'full' && p.kind !== 'delta') return bad('shared.kind must be full or delta');
    if (!isCount(p.version) || p.version !== b.version) return bad('shared.version must be the body version');
    if (!isCount(p.since) || (p.kind === 'full' ? p.since !== 0 : p.since >= p.version))
      return bad('shared.since');
    if (typeof p.hash !== 'string' || !/^[0-9a-f]{64}$/.test(p.hash)) return bad('shared.hash');
    if (!isCount(p.size)) return bad('shared.size');
  }
  return ok(b as VenueBody);
}
