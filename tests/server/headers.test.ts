// Security headers on every kind of response: the app shell, its assets, the service worker, the API and /demo.
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { ensureDemo } from '../../src/server/demo.js';
import { demoRoute } from '../../src/server/demo-page.js';
import { sqliteBackend, suiteApp } from '../support/server.js';

/** A Content-Security-Policy header as directive → sources. */
function csp(res: LightMyRequestResponse): Record<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

const APP_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'"],
  'style-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy':
    'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

let dist: string;

const t = suiteApp(sqliteBackend, async (db) => {
  dist = mkdtempSync(join(tmpdir(), 'cp-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/index-Ab12Cd34.js"></script><div id="app"></div>',
  );
  writeFileSync(join(dist, 'assets/index-Ab12Cd34.js'), 'export {};\n');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});\n');
  const demo = await ensureDemo(db);
  return { distDir: dist, extraRoutes: [demoRoute(db, demo, async () => 'http://demo.test')] };
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (url: string, accept = '*/*') => t.app.inject({ method: 'GET', url, headers: { accept } });

describe('security headers', () => {
  it.each([
    ['the t.app shell', '/', 'text/html'],
    ['an t.app page the shell answers for', '/enrol?token=abc', 'text/html'],
    ['a hashed asset', '/assets/index-Ab12Cd34.js', '*/*'],
    ['the service worker', '/sw.js', '*/*'],
    ['the API', '/api/v1/root', 'application/json'],
    ['an API refusal', '/api/v1/nothing', 'application/json'],
    ['/healthz', '/healthz', 'application/json'],
    ['/openapi.json', '/openapi.json', 'application/json'],
  ])('gives %s the t.app policy and the common headers', async (_what, url, accept) => {
    const res = await get(url, accept);
    expect(res.statusCode).toBeLessThan(500);
    expect(csp(res)).toEqual(APP_POLICY);
    expect(res.headers).toMatchObject(COMMON);
  });

  it('allows no inline script, no eval and no other origin in the t.app policy', async () => {
    const header = String((await get('/', 'text/html')).headers['content-security-policy']);
    expect(header).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:|data:|blob:/);
    expect(header).not.toContain('upgrade-insecure-requests');
  });

  it('serves /demo under its own policy: its inline stylesheet by hash, no script at all', async () => {
    const res = await get('/demo', 'text/html');
    expect(res.statusCode).toBe(200);
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)?.[1] ?? '';
    expect(style).toContain('.grid{');
    const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    expect(csp(res)).toEqual({
      'default-src': ["'none'"],
      'style-src': [hash],
      'img-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(res.body.match(/<style/g)).toHaveLength(1);
    expect(res.body).not.toMatch(/ style=|<script(?! type="application\/json")/);
    expect(res.headers).toMatchObject(COMMON);
  });

  it('keeps the demo hash out of the t.app policy', async () => {
    expect(String((await get('/', 'text/html')).headers['content-security-policy'])).not.toContain('sha256');
  });

  it('lets no cache keep API answers or the demo page with its one-time enrolment token', async () => {
    for (const url of ['/api/v1/root', '/api/v1/nothing', '/demo'])
      expect((await get(url)).headers['cache-control'], url).toBe('no-store');
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: {} });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('has browsers revalidate the shell and the service worker rather than keep them', async () => {
    for (const url of ['/', '/sw.js', '/assets/index-Ab12Cd34.js']) {
      const res = await get(url, 'text/html');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, max-age=0');
    }
    expect((await get('/sw.js')).headers['content-type']).toMatch(/^(application|text)\/javascript/);
  });
});
