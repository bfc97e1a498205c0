// Enrolment links: a one-time token for a venue, and the pinned root key's id so the phone can check what it gets.
import { rootKeyId } from '../core/bundle.js';
import type { ServerDb } from './db/index.js';

/** Hours an enrolment link stays valid unless told otherwise. */
export const DEFAULT_ENROL_TTL_MS = 24 * 3_600_000;

/** The address devices reach the server at: the flag, else what `serve` last recorded, else localhost:8080. */
export async function publicUrlOf(db: ServerDb, flag?: string): Promise<string> {
  const url = flag ?? (await db.meta.get('server.publicUrl')) ?? 'http://localhost:8080';
  return url.replace(/\/+$/, '');
}

/** A new enrolment link for a venue. */
export async function enrolLink(
  db: ServerDb,
  venueId: string,
  publicUrl: string,
  ttlMs = DEFAULT_ENROL_TTL_MS,
): Promise<{ enrolUrl: string; expiresAt: string }> {
  const { token, expiresAt } = await db.devices.createEnrolToken(venueId, ttlMs);
  const root = await db.meta.rootKey();
  const url = new URL('/enrol', publicUrl);
  url.searchParams.set('token', token);
  url.searchParams.set('root', rootKeyId(root.publicKey));
  return { enrolUrl: url.toString(), expiresAt: new Date(expiresAt).toISOString() };
}
