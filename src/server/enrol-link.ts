// Enrolment links: a one-time token for a venue, and the pinned root key's id so the phone can check what it gets.
import { rootKeyId } from '../core/bundle.js';
import type { Store } from './store.js';

/** Hours an enrolment link stays valid unless told otherwise. */
export const DEFAULT_ENROL_TTL_MS = 24 * 3_600_000;

/** A new enrolment link for a venue. */
export async function enrolLink(
  store: Store,
  venueId: string,
  publicUrl: string,
  ttlMs = DEFAULT_ENROL_TTL_MS,
): Promise<{ enrolUrl: string; expiresAt: string }> {
  const { token, expiresAt } = await store.createEnrolToken(venueId, ttlMs);
  const root = await store.rootKey();
  const url = new URL('/enrol', publicUrl);
  url.searchParams.set('token', token);
  url.searchParams.set('root', rootKeyId(root.publicKey));
  return { enrolUrl: url.toString(), expiresAt: new Date(expiresAt).toISOString() };
}
