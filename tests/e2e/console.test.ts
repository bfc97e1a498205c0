// The console in real Chromium on the real `checkpoint serve` (issue 13): the authority, signed in by a granted
// link, watches the queue while a device uploads a red-code report and sees it within seconds; acknowledges and
// closes it; the venue manager sees the new state, the day's figures and devices, and nothing of another venue.
// The app's service worker, installed first, must not answer /console with the scanner's shell. Screenshots of
// each screen at 360×740 and 1280×800 go to docs/screenshots/console/ with UPDATE_SCREENSHOTS=1 (otherwise to a
// temporary directory). Skipped until the server has the console API (tests against a server without it would
// only fail).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { MAX_BATCH_RECORDS, signBatch, uploadOf } from '../../src/core/batch.js';
import type { DecisionEntry } from '../../src/core/log.js';
import { toBase64 } from '../../src/core/bytes.js';
import { chain, deviceKey } from '../support/chains.js';
import { cliChild, cliIssuer, ensureBuilt } from '../support/cli.js';
import { entry } from '../support/entries.js';
import { postJson, serveChild, type ServeChild } from '../support/serve.js';
import { inProcessServer } from '../support/server.js';
import { launchChromium, type LaunchedChromium } from './harness/index.js';
import { buildApp } from './fixtures/app/serve.js';

const OUT = process.env['UPDATE_SCREENSHOTS']
  ? resolve(import.meta.dirname, '../../docs/screenshots/console')
  : join(tmpdir(), `checkpoint-console-shots-${process.pid}`);
const SIZES = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;

/** Whether this server has the console API: a signed-out GET of /me is 401 there, and 404 before it. */
async function consoleRouted(): Promise<boolean> {
  const server = await inProcessServer();
  try {
    return (await server.app.inject({ method: 'GET', url: '/api/console/v1/me' })).statusCode !== 404;
  } finally {
    await server.close();
  }
}
const serverHasConsole = await consoleRouted();

let dir: string;
let serve: ServeChild | null = null;
let chromium: LaunchedChromium | null = null;
const venues: Record<'mall' | 'station', string> = { mall: '', station: '' };

function cli(...args: string[]): Record<string, unknown> {
  return cliChild([...args, '--data', join(dir, 'data')]).json ?? {};
}

/** A one-time sign-in link from `checkpoint console grant`. */
function grant(role: 'authority' | 'manager', label: string, venue?: string): string {
  const out = cli('console', 'grant', '--role', role, '--label', label, ...(venue ? ['--venue', venue] : []));
  return String(out['link']);
}

/** Enrols a device at a venue (a fresh link from `venue link`) and uploads `entries` as its chain. */
async function upload(venue: 'mall' | 'station', label: string, entries: DecisionEntry[]): Promise<void> {
  const key = deviceKey();
  const deviceId = crypto.randomUUID();
  const link = new URL(String(cli('venue', 'link', venues[venue])['enrolUrl']));
  // The token travels in the fragment (never sent to a server, never in its logs).
  const token = new URLSearchParams(link.hash.slice(1)).get('token');
  const enrolled = await postJson(`${serve!.url}/api/v1/enrol`, {
    token,
    deviceId,
    publicKey: toBase64(key.publicKey),
    label,
  });
  expect(enrolled.status).toBe(201);
  const records = chain(deviceId, venues[venue], entries.length, null, (seq) => entries[seq - 1]!);
  for (let i = 0; i < records.length; i += MAX_BATCH_RECORDS) {
    const signed = await signBatch(deviceId, records.slice(i, i + MAX_BATCH_RECORDS), key.signer, now());
    if (!signed.ok) throw new Error('could not sign the batch');
    expect((await postJson(`${serve!.url}/api/v1/batches`, uploadOf(signed.value))).status).toBe(200);
  }
}

const now = () => new Date().toISOString();

/** A red code held and reported (001 §2(1)) at `at`. */
const redCode = (venue: 'mall' | 'station', at: string, maskedName: string, idLast4: string): DecisionEntry =>
  entry(at, {
    venueId: venues[venue],
    colour: 'red',
    decision: 'deny',
    actions: ['hold', 'report', 'escort'],
    rules: ['red-no-entry'],
    maskedName,
    idLast4,
    subject: idLast4.padStart(32, 'a').toLowerCase(),
  });

/** Two weeks of a gate's checks before today, busiest at noon and six, staffed by S-07 (000 §9). */
function twoWeeks(venue: 'mall' | 'station'): DecisionEntry[] {
  const out: DecisionEntry[] = [];
  const today = new Date();
  for (let back = 14; back >= 1; back--)
    for (let hour = 8; hour <= 20; hour++) {
      const n = Math.round(3 * Math.exp(-((hour - 12) ** 2) / 8) + 2 * Math.exp(-((hour - 18) ** 2) / 3));
      for (let i = 0; i < n + ((back + hour) % 2); i++) {
        const at = new Date(today.getFullYear(), today.getMonth(), today.getDate() - back, hour, i * 7);
        const denied = (back * 13 + hour + i) % 9 === 0;
        const e = entry(at.toISOString(), {
          venueId: venues[venue],
          ...(denied
            ? { colour: 'yellow', decision: 'deny', actions: ['hold'], rules: ['yellow-restricted-venues'] }
            : {}),
        });
        out.push({ ...e, staff: 'S-07' } as DecisionEntry);
      }
    }
  return out;
}

/** A context whose console speaks zh-CN, and the page errors and CSP violations it reports. */
async function context(): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await chromium!.browser.newContext({ viewport: SIZES[0] });
  await ctx.addInitScript(() => localStorage.setItem('checkpoint-console-language', 'zh-CN'));
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { ctx, page, errors };
}

/** Screenshots the page at both sizes as `<name>-<width>.png`, running `arrange` after each resize. */
async function shots(page: Page, name: string, arrange: () => Promise<void> = async () => undefined) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await arrange();
    await page.waitForTimeout(300);
    const path = join(OUT, `${name}-${size.width}.png`);
    await page.screenshot({ path });
    expect(statSync(path).size).toBeGreaterThan(5000);
  }
  await page.setViewportSize(SIZES[0]);
}

describe.skipIf(!serverHasConsole)('the console on checkpoint serve', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-console-'));
    mkdirSync(OUT, { recursive: true });
    ensureBuilt();
    const outDir = join(dir, 'dist');
    await buildApp(outDir);
    serve = await serveChild({ data: join(dir, 'data') }, (port) => [
      '--dist',
      outDir,
      '--public-url',
      `http://127.0.0.1:${port}`,
    ]);
    cliIssuer(dir, join(dir, 'data'));
    for (const [k, name, category] of [
      ['mall', '西湖银泰购物中心', 'mall'],
      ['station', '宁波火车站', 'transit-hub'],
    ] as const) {
      const v = cli('venue', 'add', '--name', name, '--category', category, '--policy', 'zhejiang-2020');
      venues[k] = String(v['id']);
    }
    // Two weeks of checks at the mall, and a red code at the station three hours ago.
    await upload('mall', '地下车库入口', twoWeeks('mall'));
    await upload('station', '进站口 2', [
      redCode('station', new Date(Date.now() - 3 * 3600_000).toISOString(), '李*', '0021'),
    ]);
    chromium = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await chromium?.close();
    await serve?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows a report within seconds, the authority acts on it, and the manager sees the new state', async () => {
    // The authority opens the scanner app first (its service worker installs), then the console link.
    const authority = await context();
    await authority.page.goto(`${serve!.url}/`);
    await authority.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await authority.page.goto(grant('authority', 'zj-cdc'));
    await authority.page.locator('.tabs').waitFor();
    expect(authority.page.url()).not.toContain('signin=');
    expect(await authority.page.locator('.nav').count()).toBe(0);

    const started = Date.now();
    await upload('mall', '北门 1 号机', [
      entry(now(), { venueId: venues.mall }),
      entry(now(), { venueId: venues.mall }),
      redCode('mall', now(), '张*三', '123X'),
    ]);
    const card = authority.page.locator('[data-report]', { hasText: '123X' });
    await card.waitFor({ timeout: 20_000 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`report visible in the authority console ${seconds.toFixed(1)} s after the upload`);
    expect(seconds).toBeLessThan(15);
    expect(await card.textContent()).toContain('张*三');
    expect(await card.textContent()).toContain('001 §2(1)');

    await card.locator('.report__actions .button--primary').click();
    await authority.page.locator('[data-report][data-state=acknowledged]').waitFor();
    await shots(authority.page, 'reports');
    await card.locator('.report__actions button').last().click();
    await card.locator('textarea[name=outcome]').fill('已移交社区卫生服务站');
    await shots(authority.page, 'report-close', () => card.scrollIntoViewIfNeeded());
    await card.locator('.close-form button[type=submit]').click();
    await authority.page.locator('[data-report][data-state=closed]').waitFor();

    await authority.page.locator('[data-screen=summary]').click();
    await authority.page.locator('[data-figure=trust]').waitFor();
    await shots(authority.page, 'summary');
    expect(authority.errors).toEqual([]);

    // The manager of the mall: the day's figures, the device, the report as the authority left it.
    const manager = await context();
    const link = grant('manager', 'mall-manager', venues.mall);
    await manager.page.goto(link);
    await manager.page.locator('.stats-chart svg').waitFor();
    await manager.page.locator('[data-device]').first().waitFor();
    expect(await manager.page.locator('[data-figure=admits] strong').textContent()).toBe('2');
    expect(await manager.page.locator('[data-figure=reports] strong').textContent()).toBe('1');
    expect(await manager.page.locator('select[name=venue]').count()).toBe(0);
    await shots(manager.page, 'venue', () => manager.page.evaluate(() => window.scrollTo(0, 0)));
    await shots(manager.page, 'venue-devices', () =>
      manager.page.locator('.venue__devices').scrollIntoViewIfNeeded(),
    );
    await manager.page.locator('[data-screen=reports]').click();
    await manager.page.locator('[data-report][data-state=closed]').waitFor();
    expect(await manager.page.locator('.report__actions').count()).toBe(0);
    await shots(manager.page, 'manager-reports');

    // Another venue is not the manager's: not found, by HTTP, whatever the page shows.
    const other = await manager.page.request.get(
      `${serve!.url}/api/console/v1/venues/${venues.station}/stats`,
    );
    expect(other.status()).toBe(404);
    expect(manager.errors).toEqual([]);

    // The link was used: opening it again says so.
    const again = await context();
    await again.page.goto(link);
    await again.page.locator('.signin [role=alert]').waitFor();
    await shots(again.page, 'signin');
    await Promise.all([authority.ctx.close(), manager.ctx.close(), again.ctx.close()]);
  });
});
