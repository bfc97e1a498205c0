// The demo: on first start a demo issuer, venue and revocation; /demo shows fresh sample codes and an enrolment QR.
import QRCode from 'qrcode';
import type { FastifyRequest } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import { fromHex, toHex } from '../core/bytes.js';
import { encodeHcq1 } from '../core/hcq1/encode.js';
import type { Colour, HealthClaims } from '../core/hcq1/types.js';
import {
  issuerSecretFileJson,
  newIssuerKey,
  parseIssuerSecretFile,
  type IssuerSecret,
} from '../core/issuer.js';
import { enrolLink } from './enrol-link.js';
import type { Route } from './openapi.js';
import type { ServerDb } from './db/index.js';

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

/** Creates the demo issuer, venue and revocation once; later calls return what was made. */
export async function ensureDemo(db: ServerDb, now = Date.now()): Promise<Demo> {
  const saved = await db.meta.get('demo.state');
  if (saved) {
    const state = JSON.parse(saved) as DemoState;
    const issuer = parseIssuerSecretFile(state.issuer);
    const subject = fromHex(state.revokedSubject);
    if (!issuer.ok || !subject) throw new Error('meta demo.state is damaged');
    return { issuer: issuer.value, venueId: state.venueId, revokedSubject: subject, created: false };
  }
  const seconds = Math.floor(now / 1000);
  // Valid from a month back, so the "expired" sample (made three days ago) fails on its expiry, not on its key.
  const issuer = newIssuerKey('CN-ZJ', seconds - 30 * 86400, 10);
  await db.trust.addIssuers([issuer.key]);
  const venue = await db.venues.add({
    // A supermarket, not a mall: 001 §2(2) keeps yellow codes out of supermarkets but does not list malls.
    name: 'Demo supermarket',
    category: 'supermarket',
    policy: 'zhejiang-2020',
    settings: {},
  });
  const revokedSubject = randomBytes(16);
  // Every code of this person made before five years from now is revoked: the "revoked" sample stays revoked.
  await db.trust.addRevocations([
    { iss: 'CN-ZJ', subject: revokedSubject, before: seconds + 5 * 365 * 86400 },
  ]);
  const state: DemoState = {
    issuer: issuerSecretFileJson(issuer),
    venueId: venue.id,
    revokedSubject: toHex(revokedSubject),
  };
  await db.meta.set('demo.state', JSON.stringify(state));
  return { issuer, venueId: venue.id, revokedSubject, created: true };
}

/** A sample code of the demo, fresh at `now`. */
export interface Sample {
  label: 'green' | 'yellow' | 'red' | 'expired' | 'forged' | 'revoked';
  expect: string;
  text: string;
}

/** The six sample codes, signed now (the forged one with a key that is not the issuer's). */
export function demoSamples(demo: Demo, nowMs = Date.now()): Sample[] {
  const now = Math.floor(nowMs / 1000);
  const kid = fromHex(demo.issuer.key.kid) ?? new Uint8Array(8);
  const claims = (colour: Colour, subject: Uint8Array, iat = now, exp = now + 86400): HealthClaims => ({
    iss: 'CN-ZJ',
    iat,
    exp,
    subject,
    colour,
    colourSince: now - 3 * 86400,
    name: colour === 'green' ? '张*三' : colour === 'yellow' ? '李*四' : '王*五',
    idLast4: colour === 'green' ? '1234' : colour === 'yellow' ? '5678' : '9012',
    test: { result: 'negative', sampledAt: now - 86400 },
  });
  const key = { kid, secretKey: demo.issuer.secretKey };
  const person = (n: number) => Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? n : 0x5a));
  const forger = nacl.sign.keyPair().secretKey;
  return [
    { label: 'green', expect: 'admit', text: encodeHcq1(claims('green', person(1)), key) },
    {
      label: 'yellow',
      expect: 'deny at a supermarket (001 §2(2): restricted venues)',
      text: encodeHcq1(claims('yellow', person(2)), key),
    },
    { label: 'red', expect: 'deny, hold and report', text: encodeHcq1(claims('red', person(3)), key) },
    {
      label: 'expired',
      expect: 'deny: expired',
      text: encodeHcq1(claims('green', person(4), now - 3 * 86400, now - 2 * 86400), key),
    },
    {
      label: 'forged',
      expect: 'deny: bad signature',
      text: encodeHcq1(claims('green', person(5)), { kid, secretKey: forger }),
    },
    {
      label: 'revoked',
      expect: 'deny: revoked',
      text: encodeHcq1(claims('green', demo.revokedSubject), key),
    },
  ];
}

// The page's only inline content that CSP governs; its hash is the whole style-src of /demo.
const DEMO_CSS = `
body{font:16px/1.4 system-ui,sans-serif;margin:1rem auto;max-width:70rem;padding:0 1rem;color:#111}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
figure{margin:0;border:3px solid #999;border-radius:8px;padding:.5rem;background:#fff}
figure.green{border-color:#0a7d2c}figure.yellow{border-color:#b58a00}figure.red{border-color:#b3261e}
.qr svg{width:100%;height:auto}code{font-size:.75rem;word-break:break-all}
.enrol{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}.enrol .qr{width:16rem}
`;

/** The /demo page's Content-Security-Policy: its one inline stylesheet by hash, no scripts at all. */
export const DEMO_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'style-src': [`'sha256-${createHash('sha256').update(DEMO_CSS).digest('base64')}'`],
  'img-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The /demo page as HTML: sample codes and a fresh one-time enrolment link for the demo venue. */
export async function demoPage(db: ServerDb, demo: Demo, publicUrl: string): Promise<string> {
  const samples = demoSamples(demo);
  const link = await enrolLink(db, demo.venueId, publicUrl);
  const qr = (text: string) => QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const cards = await Promise.all(
    samples.map(
      async (s) => `<figure class="${s.label}"><div class="qr">${await qr(s.text)}</div>
  <figcaption><b>${s.label}</b><br>${escape(s.expect)}<br><code>${escape(s.text.slice(0, 24))}…</code></figcaption></figure>`,
    ),
  );
  const venue = await db.venues.get(demo.venueId);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Checkpoint demo</title>
<style>${DEMO_CSS}</style></head><body>
<h1>Checkpoint demo</h1>
<p>Codes from the demo issuer (CN-ZJ), made just now; the venue is <b>${escape(venue?.name ?? 'Demo supermarket')}</b>
(${escape(venue?.category ?? 'supermarket')}, policy ${escape(venue?.policy ?? '')}). Reload for fresh codes.</p>
<h2>1. Enrol a phone</h2>
<div class="enrol"><div class="qr">${await qr(link.enrolUrl)}</div>
<p>Open this one-time link on the phone (it expires ${escape(link.expiresAt)}):<br>
<a id="enrol-link" href="${escape(link.enrolUrl)}">${escape(link.enrolUrl)}</a></p></div>
<h2>2. Scan the samples</h2>
<div class="grid">${cards.join('\n')}</div>
<script type="application/json" id="samples">${JSON.stringify(samples).replace(/</g, '\\u003c')}</script>
</body></html>`;
}

/** The /demo route for the server's route table. */
export function demoRoute(
  db: ServerDb,
  demo: Demo,
  publicUrl: (request: FastifyRequest) => Promise<string>,
): Route {
  return {
    method: 'GET',
    url: '/demo',
    summary: 'Demo page: sample codes (green, yellow, red, expired, forged, revoked) and an enrolment link',
    html: true,
    csp: DEMO_CSP,
    schema: { response: { 200: { type: 'string' } } },
    handler: async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(await demoPage(db, demo, await publicUrl(request))),
  };
}
