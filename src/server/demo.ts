// The demo (`serve --demo`): an issuer, a venue and a revocation made on first start, trusted by the demo venue's
// devices only; retired (its issuer revoked) whenever the server starts without --demo.
import { randomBytes } from 'node:crypto';
import { fromHex, toHex } from '../core/bytes.js';
import {
  issuerSecretFileJson,
  newIssuerKey,
  parseIssuerSecretFile,
  type IssuerSecret,
} from '../core/issuer.js';
import type { ServerDb } from './db/index.js';
import { DEFAULT_ENROL_TTL_MS, enrolUrlOf, type EnrolLink } from './enrol-link.js';

interface DemoState {
  issuer: unknown;
  venueId: string;
  revokedSubject: string;
}

/** What the demo set up, made on first call and the same afterwards. */
export interface Demo {
  issuer: IssuerSecret;
  venueId: string;
  revokedSubject: Uint8Array;
  created: boolean;
}

const STATE = 'demo.state';
const PENDING_LINK = 'demo.enrolLink';

async function savedDemo(db: ServerDb): Promise<Omit<Demo, 'created'> | null> {
  const saved = await db.meta.get(STATE);
  if (!saved) return null;
  const state = JSON.parse(saved) as DemoState;
  const issuer = parseIssuerSecretFile(state.issuer);
  const subject = fromHex(state.revokedSubject);
  if (!issuer.ok || !subject) throw new Error('meta demo.state is damaged');
  return { issuer: issuer.value, venueId: state.venueId, revokedSubject: subject };
}

// Valid from a month back, so the "expired" sample (made three days ago) fails on its expiry, not on its key.
const newDemoIssuer = (now: number) => newIssuerKey('CN-ZJ', Math.floor(now / 1000) - 30 * 86400, 10);

async function saveDemo(db: ServerDb, demo: Omit<Demo, 'created'>): Promise<void> {
  const state: DemoState = {
    issuer: issuerSecretFileJson(demo.issuer),
    venueId: demo.venueId,
    revokedSubject: toHex(demo.revokedSubject),
  };
  await db.meta.set(STATE, JSON.stringify(state));
}

/**
 * Creates the demo issuer, venue and revocation once, and (again) trusts the issuer for the demo venue only;
 * later calls return what was made. A demo issuer an older version trusted for every venue is revoked for all
 * of them and replaced.
 */
export async function ensureDemo(db: ServerDb, now = Date.now()): Promise<Demo> {
  const saved = await savedDemo(db);
  if (saved) {
    let issuer = saved.issuer;
    if ((await db.trust.issuerVenue(issuer.key.publicKey)) === null) {
      await db.trust.addIssuers([{ ...issuer.key, revoked: true }]);
      issuer = newDemoIssuer(now);
      await saveDemo(db, { ...saved, issuer });
    }
    await db.trust.addIssuers([{ ...issuer.key, revoked: false }], saved.venueId);
    return { ...saved, issuer, created: false };
  }
  const issuer = newDemoIssuer(now);
  const venue = await db.venues.add({
    // A supermarket, not a mall: 001 §2(2) keeps yellow codes out of supermarkets but does not list malls.
    name: 'Demo supermarket',
    category: 'supermarket',
    policy: 'zhejiang-2020',
    settings: {},
  });
  await db.trust.addIssuers([issuer.key], venue.id);
  const revokedSubject = randomBytes(16);
  // Every code of this person made before five years from now is revoked: the "revoked" sample stays revoked.
  const before = Math.floor(now / 1000) + 5 * 365 * 86400;
  await db.trust.addRevocations([{ iss: 'CN-ZJ', subject: revokedSubject, before }], venue.id);
  const demo = { issuer, venueId: venue.id, revokedSubject };
  await saveDemo(db, demo);
  return { ...demo, created: true };
}

/** Revokes the demo issuer, if there is a demo: its codes verify nowhere until the next `serve --demo`. */
export async function retireDemo(db: ServerDb): Promise<boolean> {
  const saved = await savedDemo(db);
  if (!saved) return false;
  const scope = await db.trust.issuerVenue(saved.issuer.key.publicKey);
  if (scope === undefined) return false;
  await db.trust.addIssuers([{ ...saved.issuer.key, revoked: true }], scope);
  return true;
}

/**
 * The demo venue's enrolment link: the same one-time link on every view of /demo until a phone uses it or it
 * nears expiry, so viewing the page mints nothing.
 */
export async function demoEnrolLink(db: ServerDb, demo: Demo, publicUrl: string): Promise<EnrolLink> {
  const pending = await db.meta.get(PENDING_LINK);
  if (pending) {
    const { token, expiresAt } = JSON.parse(pending) as { token: string; expiresAt: number };
    // Kept while it has an hour left: a phone opening it now still enrols.
    if (await db.devices.tokenUsable(token, Date.now() + 3_600_000))
      return {
        enrolUrl: await enrolUrlOf(db, token, publicUrl),
        expiresAt: new Date(expiresAt).toISOString(),
      };
  }
  const { token, expiresAt } = await db.devices.createEnrolToken(demo.venueId, DEFAULT_ENROL_TTL_MS);
  await db.meta.set(PENDING_LINK, JSON.stringify({ token, expiresAt }));
  return { enrolUrl: await enrolUrlOf(db, token, publicUrl), expiresAt: new Date(expiresAt).toISOString() };
}
