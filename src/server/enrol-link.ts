// Enrolment links: a one-time token for a venue, and the pinned root key's id so the phone can check what it gets.
// Both travel in the URL's fragment (/enrol#token=…&root=…), which browsers never send: the token stays out of
// the server's, a proxy's and a CDN's access logs.
import { rootKeyId } from '../core/bundle.js';
import type { ServerDb } from './db/index.js';

/** Hours an enrolment link stays valid unless told otherwise. */
export const DEFAULT_ENROL_TTL_MS = 24 * 3_600_000;

/** An enrolment link and when its token expires (ISO). */
export interface EnrolLink {
  enrolUrl: string;
  expiresAt: string;
}

/** The address devices reach the server at: the flag, else what `serve` last recorded, else localhost:8080. */
export async function publicUrlOf(db: ServerDb, flag?: string): Promise<string> {
  const url = flag ?? (await db.meta.get('server.publicUrl')) ?? 'http://localhost:8080';
  return url.replace(/\/+$/, '');
}

/** The link of a token: the app's /enrol page, with the token and the root's kid in the fragment. */
export async function enrolUrlOf(db: ServerDb, token: string, publicUrl: string): Promise<string> {
  const root = await db.meta.rootKey();
  const url = new URL('/enrol', publicUrl);
  url.hash = new URLSearchParams({ token, root: rootKeyId(root.publicKey) }).toString();
  return url.toString();
}

/** A new enrolment link for a venue. */
export async function enrolLink(
  db: ServerDb,
  venueId: string,
  publicUrl: string,
  ttlMs = DEFAULT_ENROL_TTL_MS,
): Promise<EnrolLink> {
  const { token, expiresAt } = await db.devices.createEnrolToken(venueId, ttlMs);
  return { enrolUrl: await enrolUrlOf(db, token, publicUrl), expiresAt: new Date(expiresAt).toISOString() };
}
