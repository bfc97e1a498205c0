// Signed trust bundles (docs/bundles.md): what a server sends a device, signed by the root key the device pinned.
import { rootPublicKey, rootSign, type RootSigning } from './root-sign.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64, isoFromSeconds, secondsFromIso, toBase64, toHex } from './bytes.js';
import { canonicalJson } from './log.js';
import { err, ok, type Result } from './result.js';
import { issuerKeyJson, kidOf, parseKeysFile, type IssuerKey } from './trust.js';
import { parseRevocationsFile, type RevocationEntry } from './revocations.js';
import { isTrustStale } from './trust-age.js';
import type { Colour } from './hcq1/types.js';
import type { PackagedPolicy } from './policy/delivered.js';
import { checkBody, checkVenueBody } from './bundle-check.js';
import { openSignedJson, prefixedBytes, type SignedKind } from './signed-json.js';
import type { Digest } from './trust-object.js';
import { applyVenueBody, VENUE_FORMAT, type SharedTrust, type VenueBody } from './bundle-venue.js';

export { VENUE_FORMAT, type SharedTrust, type VenueBody } from './bundle-venue.js';

/** The format tag every bundle body carries. */
export const BUNDLE_FORMAT = 'checkpoint-bundle/1';

// Domain separation: a root signature over a bundle can never be replayed as a signature over anything else.
const BODY_TEXT: SignedKind = { prefix: utf8ToBytes('checkpoint-bundle/1\n'), notJson: 'body is not JSON' };

/** A policy as the bundle carries it: the policy engine's own data (checked by parsePolicy), by name and version. */
export type BundlePolicy = PackagedPolicy;

/** The venue a device works for, with the settings the app applies (temperature entry, gate mode…). */
export interface BundleVenue {
  id: string;
  name: string;
  category: string;
  policy: string;
  settings: Record<string, unknown>;
}

/** An issuer key as in keys.json (spec §4). */
export interface BundleIssuerJson {
  iss: string;
  kid: string;
  publicKey: string;
  notBefore: string;
  notAfter: string;
  revoked: boolean;
}

/** A revocation as in revocations.json (spec §4), with the colour since `before` when the issuer gave one. */
export interface BundleRevocationJson {
  iss: string;
  subject: string;
  before: string;
  colour?: Colour;
}

/** The signed content of a bundle. A delta carries the issuers and revocations changed after `since`. */
export interface BundleBody {
  format: typeof BUNDLE_FORMAT;
  kind: 'full' | 'delta';
  /** Grows with every change of trust data on the server; a device never goes back. */
  version: number;
  /** For a delta, the version it applies on top of (the device must hold at least this); 0 for a full bundle; equal to version for a renewal. */
  since: number;
  issuedAt: string;
  venue: BundleVenue | null;
  issuers: BundleIssuerJson[];
  revocations: BundleRevocationJson[];
  policies: BundlePolicy[];
  /** Past this age (from issuedAt) the app refuses to decide offline. */
  maxOfflineAgeSeconds: number;
  /** The health authority's X25519 public key (Base64) that manual data is sealed to. */
  authorityKey: string | null;
}

/** A bundle on the wire: the body's exact bytes (canonical JSON) and the root's Ed25519 signature over them. */
export interface SignedBundle {
  body: string;
  /** Base64 Ed25519 signature over "checkpoint-bundle/1\n" ‖ UTF-8(body). */
  signature: string;
  /** kid of the signing root key (first 8 bytes of SHA-256 of its public key, hex). */
  keyId: string;
}

/** Why a bundle was refused. */
export type BundleError =
  | { kind: 'malformed'; detail: string }
  | { kind: 'unsigned' }
  | { kind: 'wrong-key'; keyId: string }
  | { kind: 'bad-signature' }
  /** A trust object whose bytes are not the ones the signed venue body names (or none could be fetched). */
  | { kind: 'wrong-hash'; expected: string }
  | { kind: 'rollback'; have: number; got: number }
  | { kind: 'delta-gap'; have: number; since: number }
  | { kind: 'wrong-venue'; expected: string; got: string | null };

/** What a device holds after applying bundles: the merged, verified trust data. */
export interface TrustState {
  version: number;
  /** Seconds since the epoch of the newest applied bundle's issue time. */
  issuedAt: number;
  venue: BundleVenue | null;
  issuers: IssuerKey[];
  revocations: RevocationEntry[];
  policies: BundlePolicy[];
  maxOfflineAgeSeconds: number;
  authorityKey: Uint8Array | null;
  /** The shared trust data from snapshots and deltas (format 2): its issuer keys and encoded revocation list. */
  shared?: SharedTrust;
}

/** Verifies Ed25519 signatures; `naclEd25519` and `bestEd25519()` from ed25519.ts fit. */
export interface SignatureVerifier {
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): Promise<boolean>;
}

/** The kid of a root public key, hex (same rule as issuer keys, spec §1.4). */
export const rootKeyId = (publicKey: Uint8Array): string => toHex(kidOf(publicKey));

/** Signs a body with the root key (server side). */
export function signBundle(body: BundleBody | VenueBody, root: RootSigning): SignedBundle {
  const text = canonicalJson(body);
  const signature = rootSign(root, prefixedBytes(BODY_TEXT.prefix, text));
  return { body: text, signature: toBase64(signature), keyId: rootKeyId(rootPublicKey(root)) };
}

/** verifySignedBody for a format-1 bundle only (a format-2 body is refused as malformed). */
export async function verifyBundle(
  signed: unknown,
  rootPublicKey: Uint8Array,
  ed: SignatureVerifier,
): Promise<Result<BundleBody, BundleError>> {
  const body = await verifySignedBody(signed, rootPublicKey, ed);
  if (body.ok && body.value.format === VENUE_FORMAT)
    return err({ kind: 'malformed', detail: `format is not ${BUNDLE_FORMAT}` });
  return body as Result<BundleBody, BundleError>;
}

/** Checks the signature against the pinned root key, then the body's shape; nothing is read before the signature holds. */
export async function verifySignedBody(
  signed: unknown,
  rootPublicKey: Uint8Array,
  ed: SignatureVerifier,
): Promise<Result<BundleBody | VenueBody, BundleError>> {
  const s = signed as Partial<Record<keyof SignedBundle, unknown>> | null;
  if (!s || typeof s !== 'object' || typeof s.body !== 'string')
    return err({ kind: 'malformed', detail: 'no body' });
  if (typeof s.signature !== 'string' || s.signature === '') return err({ kind: 'unsigned' });
  const keyId = typeof s.keyId === 'string' ? s.keyId : '';
  if (keyId !== rootKeyId(rootPublicKey)) return err({ kind: 'wrong-key', keyId });
  const opened = await openSignedJson(BODY_TEXT, s.body, s.signature, rootPublicKey, ed);
  if (!opened.ok) return opened;
  const parsed = opened.value;
  return (parsed as { format?: unknown } | null)?.format === VENUE_FORMAT
    ? checkVenueBody(parsed)
    : checkBody(parsed);
}

/**
 * Applies a verified body to what the device holds: a full bundle replaces it, a delta merges into it, a renewal
 * (a delta with since = version and no changes) only makes the held data fresher. Refuses anything older (no
 * rollback), the held version again unless as a renewal or a full bundle issued later, a delta whose base the
 * device lacks, another venue's bundle.
 */
export function applyBundle(
  state: TrustState | null,
  body: BundleBody,
  venueId: string | null = state?.venue?.id ?? null,
): Result<TrustState, BundleError> {
  // Same version again is only a renewal: the server saying, signed and dated, that nothing changed since.
  const renewal = body.kind === 'delta' && body.since === body.version;
  // Or the same full snapshot signed again later (a bundle file exported again for a venue without a network).
  const reissued =
    body.kind === 'full' && (secondsFromIso(body.issuedAt) ?? 0) > (state?.issuedAt ?? Infinity);
  if (state && (body.version < state.version || (body.version === state.version && !renewal && !reissued)))
    return err({ kind: 'rollback', have: state.version, got: body.version });
  if (venueId !== null && body.venue?.id !== venueId)
    return err({ kind: 'wrong-venue', expected: venueId, got: body.venue?.id ?? null });
  const issuers = parseKeysFile({ issuers: body.issuers });
  const revocations = parseRevocationsFile({ entries: body.revocations });
  if (!issuers.ok || !revocations.ok) return err({ kind: 'malformed', detail: 'unchecked body' });
  const common = {
    version: body.version,
    issuedAt: secondsFromIso(body.issuedAt) ?? 0,
    venue: body.venue,
    policies: body.policies,
    maxOfflineAgeSeconds: body.maxOfflineAgeSeconds,
    authorityKey: body.authorityKey === null ? null : fromBase64(body.authorityKey),
  };
  if (body.kind === 'full') return ok({ ...common, issuers: issuers.value, revocations: revocations.value });
  if (state && renewal && body.version === state.version)
    // A replayed older renewal cannot make the data look fresher than the newest one the device has seen.
    return ok({ ...state, issuedAt: Math.max(state.issuedAt, common.issuedAt) });
  if (!state || body.since > state.version)
    return err({ kind: 'delta-gap', have: state?.version ?? 0, since: body.since });
  return ok({
    ...common,
    issuers: mergeIssuers(state.issuers, issuers.value),
    revocations: mergeRevocations(state.revocations, revocations.value),
  });
}

/** Issuer keys after a delta: a key is identified by its public key; the changed entry replaces the held one. */
export function mergeIssuers(held: readonly IssuerKey[], changed: readonly IssuerKey[]): IssuerKey[] {
  const byKey = new Map(held.map((k) => [toBase64(k.publicKey), k] as const));
  for (const k of changed) byKey.set(toBase64(k.publicKey), k);
  return [...byKey.values()];
}

// Appended, not merged: the server only ever adds revocations or moves `before` later, and RevocationSet keeps
// the later `before` of a pair listed twice, so a delta costs its own size, not the size of the whole list.
// A full bundle replaces the list and drops the superseded entries.
function mergeRevocations(
  held: readonly RevocationEntry[],
  changed: readonly RevocationEntry[],
): RevocationEntry[] {
  return held.concat(changed);
}

/**
 * Verifies and applies in one step, as a device does with every bundle it holds: a format-2 body with a pointer
 * needs the object it names (`object`, fetched by the caller from the body's pointer; see verifyBundle).
 */
export async function acceptBundle(
  state: TrustState | null,
  signed: unknown,
  rootPublicKey: Uint8Array,
  ed: SignatureVerifier,
  venueId?: string | null,
  object?: { bytes: Uint8Array | null; digest?: Digest },
): Promise<Result<TrustState, BundleError>> {
  const body = await verifySignedBody(signed, rootPublicKey, ed);
  if (!body.ok) return body;
  const venue = venueId === undefined ? (state?.venue?.id ?? null) : venueId;
  if (body.value.format === VENUE_FORMAT)
    return applyVenueBody(state, body.value, object?.bytes ?? null, venue, rootPublicKey, ed, object?.digest);
  return applyBundle(state, body.value, venue);
}

/** How old the trust data is, in seconds, and whether it is past the bundle's maximum offline age. */
export function trustAge(state: TrustState, now: number): { ageSeconds: number; tooOld: boolean } {
  const ageSeconds = Math.max(0, now - state.issuedAt);
  return { ageSeconds, tooOld: isTrustStale(ageSeconds, state.maxOfflineAgeSeconds) };
}

/** An issuer key in the bundle's (keys.json) form. */
export function issuerJson(k: IssuerKey): BundleIssuerJson {
  return issuerKeyJson(k);
}

/** A revocation in the bundle's (revocations.json) form. */
export function revocationJson(r: {
  iss: string;
  subject: Uint8Array | string;
  before: number;
  colour?: Colour;
}): BundleRevocationJson {
  const subject = typeof r.subject === 'string' ? r.subject : toHex(r.subject);
  return { iss: r.iss, subject, before: isoFromSeconds(r.before), ...(r.colour ? { colour: r.colour } : {}) };
}

/** The bytes a device signs to ask for a bundle: proves it holds its enrolled key. */
export function bundleRequestBytes(deviceId: string, since: number, at: string): Uint8Array {
  return utf8ToBytes(`checkpoint-bundle-request/1\n${deviceId}\n${since}\n${at}`);
}
