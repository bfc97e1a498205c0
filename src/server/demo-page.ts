// The /demo page: the sample codes as QR codes and the demo venue's enrolment link, under its own strict CSP.
import QRCode from 'qrcode';
import { createHash } from 'node:crypto';
import type { ServerDb } from './db/index.js';
import { demoEnrolLink, type Demo } from './demo.js';
import { demoSamples } from './demo-samples.js';
import type { Route } from './openapi.js';

// The page's only inline content that CSP governs; its hash is the whole style-src of /demo.
const DEMO_CSS = `
body{font:16px/1.4 system-ui,sans-serif;margin:1rem auto;max-width:70rem;padding:0 1rem;color:#111}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
figure{margin:0;border:3px solid #999;border-radius:8px;padding:.5rem;background:#fff}
figure.green{border-color:#0a7d2c}figure.yellow{border-color:#b58a00}figure.red{border-color:#b3261e}
.qr svg{width:100%;height:auto}code{font-size:.75rem;word-break:break-all}
summary{font-size:.85rem;cursor:pointer}.code{display:block;user-select:all}
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

/** The /demo page as HTML: sample codes and the demo venue's pending one-time enrolment link. */
export async function demoPage(db: ServerDb, demo: Demo, publicUrl: string): Promise<string> {
  const samples = demoSamples(demo);
  const link = await demoEnrolLink(db, demo, publicUrl);
  const qr = (text: string) => QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const cards = await Promise.all(
    samples.map(
      async (s) => `<figure class="${s.label}"><div class="qr">${await qr(s.text)}</div>
  <figcaption><b>${s.label}</b><br>${escape(s.expect)}
  <details><summary>text, to paste where there is no camera or scanner gun</summary><code class="code">${escape(s.text)}</code></details></figcaption></figure>`,
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
<p>Open this one-time link on the phone (it is shown until a phone uses it, and expires ${escape(link.expiresAt)}):<br>
<a id="enrol-link" href="${escape(link.enrolUrl)}">${escape(link.enrolUrl)}</a></p></div>
<h2>2. Scan the samples</h2>
<div class="grid">${cards.join('\n')}</div>
<script type="application/json" id="samples">${JSON.stringify(samples).replace(/</g, '\\u003c')}</script>
</body></html>`;
}

/**
 * The /demo route for the server's route table. Its links use `publicUrl()` (the server's configured address),
 * never the request's Host header, which whoever sends the request chooses.
 */
export function demoRoute(db: ServerDb, demo: Demo, publicUrl: () => Promise<string>): Route {
  return {
    method: 'GET',
    url: '/demo',
    summary: 'Demo page: sample codes (green, yellow, red, expired, forged, revoked) and an enrolment link',
    html: true,
    csp: DEMO_CSP,
    schema: { response: { 200: { type: 'string' } } },
    handler: async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(await demoPage(db, demo, await publicUrl())),
  };
}
