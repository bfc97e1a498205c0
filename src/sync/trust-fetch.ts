// Takes a signed bundle as a device receives it (an enrolment answer, a refresh, a file): for a format-2 body,
// fetches the shared trust object its pointer names (unless the device holds that version), then verifies and
// applies both (core/bundle-venue.ts): the object's hash and the root's signature before any of it is read.
import {
  acceptBundle,
  verifySignedBody,
  VENUE_FORMAT,
  type BundleError,
  type SignatureVerifier,
  type TrustState,
} from '../core/bundle.js';
import { trustObjectPath, type Digest } from '../core/trust-object.js';
import { err, type Result } from '../core/result.js';
import type { ServerApi } from './api.js';

/** SHA-256 by the platform (WebCrypto, native code in the browser and in Node). */
export const subtleDigest: Digest = async (bytes) =>
  new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));

/** A trust object could not be fetched now (network, server): try the whole refresh again later. */
export type FetchFailure = { kind: 'retry'; reason: string };

/** Verifies and applies a signed bundle, fetching the object it points to over `api` when it needs one. */
export async function acceptFetched(
  held: TrustState | null,
  signed: unknown,
  deps: { api: ServerApi | null; rootKey: Uint8Array; ed: SignatureVerifier; venueId: string | null },
  object?: Uint8Array,
): Promise<Result<TrustState, BundleError | FetchFailure>> {
  const body = await verifySignedBody(signed, deps.rootKey, deps.ed);
  if (!body.ok) return body;
  let bytes: Uint8Array | null = object ?? null;
  const pointer = body.value.format === VENUE_FORMAT ? body.value.shared : null;
  if (pointer && !bytes && deps.api) {
    const got = await deps.api.trustObject(trustObjectPath(pointer));
    if (got.kind === 'retry') return err({ kind: 'retry', reason: got.reason });
    if (got.kind === 'ok') bytes = got.value;
  }
  return acceptBundle(held, signed, deps.rootKey, deps.ed, deps.venueId, { bytes, digest: subtleDigest });
}
