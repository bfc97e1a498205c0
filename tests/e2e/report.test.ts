// Issue 13's done-when, in real Chromium on the real `checkpoint serve`: a phone enrolled at a Zhejiang venue
// finds a red code OFFLINE (001 §2(1): held and reported), shows the report waiting on its scan screen, and
// reconnects; the report reaches the authority's console (signed in by a `console grant` link) and the venue
// manager's, and the venue's webhook receiver gets it exactly once although it answered 500 the first time and
// serve was SIGKILLed and started again before the retry. The authority acknowledges it; the manager sees that.
// The latency from the offline decision to the report on the authority's screen is printed, not asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { parseIssuerSecretFile } from '../../src/core/issuer.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { cliChild, ensureBuilt, ROOT, venueAddArgs } from '../support/cli.js';
import { signedCode } from '../support/codes.js';
import { serveChild, type ServeChild } from '../support/serve.js';
import { sqliteBackend, type Backend } from '../support/server.js';
import { receiver } from '../support/webhooks.js';
import { until } from '../support/wait.js';
import { decision, gunType, records } from './fixtures/app/helpers.js';
import { launchChromium, type LaunchedChromium } from './harness/index.js';

let backend: Backend;
let db: ServerDb;
let dist: string;
let serve: ServeChild | null = null;
let chromium: LaunchedChromium | null = null;
let hook: Awaited<ReturnType<typeof receiver>>;

function cli(...args: string[]): Record<string, unknown> {
  // `keys issuer` writes files and has no store; every other command here works on the server's data.
  const store = args[0] === 'keys' ? [] : ['--data', backend.location().data!];
  return cliChild([...args, ...store]).json ?? {};
}

/** Starts serve on the database (on `port` after a restart, where the phone and the consoles know it). */
const start = (port?: number) =>
  serveChild(backend.location(), (p) => ['--dist', dist, '--public-url', `http://127.0.0.1:${p}`], {}, port);

/** A browser context of its own (a person's own browser) and its page. */
async function person(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await chromium!.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript(() => localStorage.setItem('checkpoint-console-language', 'en'));
  return { ctx, page: await ctx.newPage() };
}

beforeAll(async () => {
  backend = sqliteBackend();
  dist = join(mkdtempSync(join(tmpdir(), 'cp-report-dist-')), 'dist');
  ensureBuilt();
  // A production build (vitest sets NODE_ENV=test, which would leave the service worker unregistered).
  const built = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'ignore',
  });
  if (built.status !== 0) throw new Error('vite build failed');
  serve = await start();
  db = await backend.open();
  hook = await receiver([500]);
  chromium = await launchChromium();
}, 240_000);

afterAll(async () => {
  await chromium?.close();
  await serve?.stop('SIGKILL');
  await hook?.close();
  await db?.close();
  await backend?.cleanup();
  rmSync(join(dist, '..'), { recursive: true, force: true });
});

describe('a red code found offline reaches the authority, the manager and the webhook', () => {
  it('is reported once, everywhere, across a reconnect and a server killed before the webhook retry', async () => {
    const data = backend.location().data!;
    cli(
      'keys',
      'issuer',
      '--iss',
      'CN-ZJ',
      '--out',
      join(data, 'issuer.json'),
      '--public-out',
      join(data, 'keys.json'),
    );
    cli('trust', 'add', join(data, 'keys.json'));
    const venue = cli(...venueAddArgs('West Lake mall', 'mall'));
    const venueId = String(venue['id']);
    cli('venue', 'webhook', '--venue', venueId, '--url', hook.url);
    const issuer = parseIssuerSecretFile(JSON.parse(readFileSync(join(data, 'issuer.json'), 'utf8')));
    if (!issuer.ok) throw new Error(issuer.error);
    const iat = Math.floor(Date.now() / 1000) + 1;

    // The phone enrols from the venue's link and installs its service worker.
    const phone = await person();
    await phone.page.goto(String(venue['enrolUrl']));
    await phone.page.locator('[data-enrol=done]').waitFor({ timeout: 30_000 });
    await phone.page.locator('.nav').waitFor({ timeout: 30_000 });
    await phone.page.evaluate(async () => void (await navigator.serviceWorker.ready));

    // The authority and the venue's manager sign in with links from `checkpoint console grant`.
    const authority = await person();
    await authority.page.goto(
      String(cli('console', 'grant', '--role', 'authority', '--label', 'zj-cdc')['link']),
    );
    await authority.page.locator('.tabs').waitFor();
    const manager = await person();
    const managerLink = cli('console', 'grant', '--role', 'manager', '--venue', venueId, '--label', 'mall-1');
    await manager.page.goto(String(managerLink['link']));
    await manager.page.locator('[data-screen=reports]').click();

    // Offline: the app starts from its precache, a scanner gun types a red code: denied, held, reported.
    await phone.ctx.setOffline(true);
    await phone.page.reload();
    await phone.page.locator('.nav').waitFor({ timeout: 30_000 });
    await gunType(
      phone.page,
      signedCode(issuer.value, { iat, colour: 'red', subject: new Uint8Array(16).fill(7) }),
    );
    expect(await decision(phone.page)).toMatchObject({ decision: 'deny', result: 'ok', logged: 'true' });
    const decidedAt = Date.now();
    const [red] = (await records(phone.page)).filter((r) => r.colour === 'red');
    expect(red).toMatchObject({ actions: expect.arrayContaining(['hold', 'report']), synced: 0 });
    // Back on the scan screen, the report waits, and says so.
    await phone.page.locator('.result__buttons .button--big').click();
    const waiting = phone.page.locator('[data-reports-waiting]');
    await waiting.waitFor({ timeout: 10_000 });
    expect(await waiting.getAttribute('data-reports-waiting')).toBe('1');
    await phone.page.waitForTimeout(1000);

    // Reconnect: the `online` event sends it. The authority's queue shows it (timed from the decision).
    const reconnectedAt = Date.now();
    await phone.ctx.setOffline(false);
    const card = authority.page.locator('[data-report]', { hasText: '123X' });
    const seen = card.waitFor({ timeout: 60_000 }).then(() => Date.now());

    // The webhook's first attempt is answered 500; once serve has written that down, it is killed before the
    // retry (due a second later) and started again on its port.
    const report = await until(async () => {
      const [r] = (await db.reports.list({ venue: venueId }, null)).reports;
      return r?.delivery.lastError === 'HTTP 500' ? r : null;
    }, 30_000);
    await serve!.stop('SIGKILL');
    expect(hook.got.map((g) => g.status)).toEqual([500]);
    serve = await start(serve!.port);
    await until(async () => (await db.reports.get(report.id))?.delivery.state === 'delivered', 30_000);
    const visibleAt = await seen;
    console.log(
      `report latency: ${((visibleAt - decidedAt) / 1000).toFixed(1)} s from the offline decision, ` +
        `${((visibleAt - reconnectedAt) / 1000).toFixed(1)} s from the reconnect, to the authority's screen ` +
        '(serve killed and restarted meanwhile; a loaded 2-core machine)',
    );
    await waiting.waitFor({ state: 'detached', timeout: 30_000 });

    // Nothing more comes to the receiver: one 500, then the report once.
    await new Promise((r) => setTimeout(r, 2500));
    expect(hook.got.map((g) => [g.status, g.reportId])).toEqual([
      [500, report.id],
      [200, report.id],
    ]);
    expect((await db.reports.list({}, null)).reports.map((r) => r.id)).toEqual([report.id]);
    expect(report).toMatchObject({
      venueId,
      colour: 'red',
      idLast4: '123X',
      rule: 'red-no-entry',
      cite: '001 §2(1)',
    });
    expect(await card.textContent()).toContain('张*三');

    // The manager sees it new; the authority acknowledges; the manager sees it acknowledged.
    await manager.page
      .locator('[data-report][data-state=new]', { hasText: '123X' })
      .waitFor({ timeout: 30_000 });
    await card.locator('.report__actions .button--primary').click();
    await authority.page.locator('[data-report][data-state=acknowledged]').waitFor();
    await manager.page
      .locator('[data-report][data-state=acknowledged]', { hasText: '123X' })
      .waitFor({ timeout: 30_000 });
    expect(await db.reports.get(report.id)).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'zj-cdc',
    });
    await Promise.all([phone.ctx.close(), authority.ctx.close(), manager.ctx.close()]);
  }, 240_000);
});
