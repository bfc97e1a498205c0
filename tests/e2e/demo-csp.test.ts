// /demo in real Chromium under its own Content-Security-Policy: the hashed stylesheet applies, the QR codes
// render, and nothing on the page is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app.js';
import { ensureDemo } from '../../src/server/demo.js';
import { demoRoute } from '../../src/server/demo-page.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { sqliteBackend, type Backend } from '../support/server.js';
import { launchChromium, type LaunchedChromium } from './harness/index.js';

const CSP_REPORT = 'CSP violation ';

let backend: Backend;
let db: ServerDb;
let app: FastifyInstance;
let url: string;
let chromium: LaunchedChromium | null = null;

beforeAll(async () => {
  backend = sqliteBackend();
  db = await backend.open();
  const demo = await ensureDemo(db);
  app = await buildServer({
    db,
    distDir: null,
    extraRoutes: [demoRoute(db, demo, async () => url.replace(/\/demo$/, ''))],
  });
  url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/demo`;
});
afterAll(async () => {
  await chromium?.close();
  await app.close();
  await db.close();
  await backend.cleanup();
});

describe('/demo under its Content-Security-Policy', () => {
  it('shows its styled page and QR codes with no violation, and refuses anything injected', async () => {
    chromium = await launchChromium({ viewport: { width: 1280, height: 800 } });
    const page = await chromium.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.text().startsWith(CSP_REPORT)) violations.push(m.text().slice(CSP_REPORT.length));
    });
    await page.addInitScript((prefix) => {
      document.addEventListener(
        'securitypolicyviolation',
        (e) => console.error(`${prefix}${e.effectiveDirective} ${e.blockedURI}`),
        true,
      );
    }, CSP_REPORT);

    const response = await page.goto(url);
    expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none';style-src 'sha256-/);
    // The inline stylesheet, allowed by its hash, lays the samples out in a grid with coloured borders.
    const styled = await page.evaluate(() => {
      const grid = document.querySelector('.grid');
      const red = document.querySelector('figure.red');
      return [
        grid && getComputedStyle(grid).display,
        red && getComputedStyle(red).borderTopColor,
        document.querySelectorAll('.qr svg').length,
        Math.min(...[...document.querySelectorAll('.qr svg')].map((s) => s.getBoundingClientRect().width)),
      ];
    });
    expect(styled.slice(0, 3)).toEqual(['grid', 'rgb(179, 38, 30)', 7]);
    expect(styled[3]).toBeGreaterThan(100);
    await page.waitForTimeout(200);
    expect(violations).toEqual([]);

    // The policy is enforced, and the collector would see a violation: injected style and script are refused.
    const injected = await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { display: none }';
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.injected = "ran"';
      document.head.append(style, script);
      return [getComputedStyle(document.body).display, document.body.dataset.injected ?? 'refused'];
    });
    expect(injected).toEqual(['block', 'refused']);
    await expect
      .poll(() => [...violations].sort())
      .toEqual(['script-src-elem inline', 'style-src-elem inline']);
  });
});
