// The installed app in real Chromium: a fake camera showing a signed code, offline after a reload, the
// scanner gun, manual entry, a supervisor override, and a log write that fails.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fromBase64 } from '../../src/core/bytes.js';
import { openSealed } from '../../src/core/seal.js';
import { buildAndServeApp, type ServedApp } from './fixtures/app/serve.js';
import {
  breakLog,
  decision,
  go,
  gunType,
  makeTrustFiles,
  overrideAdmit,
  ready,
  records,
  residentId,
  setUp,
  type TrustFiles,
} from './fixtures/app/helpers.js';
import { signedCode } from '../support/codes.js';
import { launchChromium, makeQrY4m, type LaunchedChromium } from './harness/index.js';

let app: ServedApp;
let trust: TrustFiles;
const open: LaunchedChromium[] = [];
// Uncaught errors of every page `start` opened in the current test: none is allowed in any test.
let pageErrors: string[] = [];

beforeAll(async () => {
  [app, trust] = await Promise.all([buildAndServeApp(), makeTrustFiles()]);
});
afterEach(() => {
  const seen = pageErrors;
  pageErrors = [];
  expect(seen).toEqual([]);
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await app?.close();
});

async function start(
  cameraY4m?: string,
): Promise<{ chromium: LaunchedChromium; page: Page; errors: string[]; requests: string[] }> {
  const chromium = await launchChromium(
    cameraY4m ? { cameraY4m } : { args: ['--use-fake-ui-for-media-stream'] },
  );
  open.push(chromium);
  const page = await chromium.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => {
    errors.push(e.message);
    pageErrors.push(e.message);
  });
  chromium.context.on('request', (r) => requests.push(r.url()));
  await page.goto(app.url);
  await ready(page);
  return { chromium, page, errors, requests };
}

describe('the build', () => {
  it('keeps the shell (the entry chunk: all the first paint needs, see below) under 60 kB gzip and precaches the shell, engine, decoder, wasm and icons', async () => {
    const html = await readFile(join(app.outDir, 'index.html'), 'utf8');
    const entry = /<script type="module" crossorigin src="\/(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const shell = gzipSync(await readFile(join(app.outDir, entry ?? ''))).length;
    expect(shell).toBeLessThan(60 * 1024);

    const sw = await readFile(join(app.outDir, 'sw.js'), 'utf8');
    const assets = await readdir(join(app.outDir, 'assets'));
    for (const file of assets.filter((f) => /\.(js|wasm|css)$/.test(f)))
      // The console (console.html and its own chunk) is an online page, not part of the app.
      if (file.startsWith('console-')) expect(sw).not.toContain(`assets/${file}`);
      else expect(sw).toContain(`assets/${file}`);
    expect(sw).not.toContain('console.html');
    for (const icon of [
      'icons/icon-192.png',
      'icons/icon-512.png',
      'icons/icon-maskable-512.png',
      'index.html',
    ])
      expect(sw).toContain(icon);
    const manifest = JSON.parse(await readFile(join(app.outDir, 'manifest.webmanifest'), 'utf8')) as {
      display: string;
      start_url: string;
      icons: { sizes: string; purpose: string }[];
    };
    expect(manifest.display).toBe('standalone');
    expect(manifest.start_url).toBeTruthy();
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
  });
});

describe('the first paint', () => {
  it('shows the scan screen and starts the camera before the engine has loaded, and decides a code seen meanwhile once it has', async () => {
    const video = await makeQrY4m(signedCode(trust.issuer));
    const chromium = await launchChromium({ cameraY4m: video.y4m });
    open.push(chromium);
    // Without the service worker, so that every request goes through the route below.
    const context = await chromium.browser.newContext({
      serviceWorkers: 'block',
      viewport: { width: 360, height: 740 },
    });
    let release = (): void => undefined;
    const held = new Promise<void>((r) => (release = r));
    await context.route(/\/assets\/decision-models-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    await page.locator('.app[data-models="loading"] .scan').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.querySelector('video')?.readyState ?? 0), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    // The camera is seeing the code all this while; no decision can appear until the engine is there.
    await page.waitForTimeout(1000);
    expect(await page.locator('[data-decision]').count()).toBe(0);
    expect(await page.locator('.scan .screen__loading').textContent()).toBe('正在加载查验功能…');

    release();
    await page.locator('.app[data-models="ready"]').waitFor();
    // No keys on this fresh device: the code seen before the engine loaded is decided, and refused, once it has.
    expect(await decision(page)).toEqual({ decision: 'deny', result: 'unknown-key', logged: 'true' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('scanning with the camera', () => {
  it('admits a valid green code shown to the camera, and again offline after a reload', async () => {
    const video = await makeQrY4m(signedCode(trust.issuer));
    const { chromium, page, errors, requests } = await start(video.y4m);
    await setUp(page, { keys: trust.keysJson, category: 'office' });
    await go(page, 'scan');
    expect(await decision(page)).toEqual({ decision: 'admit', result: 'ok', logged: 'true' });
    await expect.poll(async () => (await records(page)).length).toBe(1);
    expect(await page.locator('.result__last4').textContent()).toBe('123X');
    // Settings names the decoder: zxing-wasm (this Chromium has no BarcodeDetector), not the JavaScript fallback.
    await page.locator('.result__buttons .button--big').click();
    await go(page, 'settings');
    expect(await page.locator('[data-decoder]').getAttribute('data-decoder')).toBe('wasm');

    // Offline: the service worker serves the shell, the engine, the decoder and its wasm from its precache.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await chromium.context.setOffline(true);
    await page.reload();
    await ready(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await decision(page)).toEqual({ decision: 'admit', result: 'ok', logged: 'true' });
    await expect.poll(async () => (await records(page)).length).toBe(2);
    // The start has settled (a decision shown): the log's and manual entry's code is loaded ahead, from the
    // service worker's cache, though neither screen has been opened in this page.
    const ahead = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => new URL(e.name).pathname)
          .filter((p) => /^\/assets\/(LogScreen|ManualScreen)-[^/]+\.js$/.test(p))
          .map((p) => p.split('-')[0])
          .sort(),
      );
    await expect.poll(ahead, { timeout: 10_000 }).toEqual(['/assets/LogScreen', '/assets/ManualScreen']);
    expect(errors).toEqual([]);
    // Nothing came from a CDN or any other origin, before or after going offline.
    expect(requests.filter((u) => !u.startsWith(app.origin) && !/^(data|blob):/.test(u))).toEqual([]);
  });
});

describe('the scanner gun', () => {
  it('denies a yellow code at a museum when a gun types it, with no field focused', async () => {
    const { page } = await start();
    await setUp(page, { keys: trust.keysJson, category: 'museum' });
    await go(page, 'scan');
    await gunType(page, signedCode(trust.issuer, { colour: 'yellow' }));
    expect(await decision(page)).toEqual({ decision: 'deny', result: 'ok', logged: 'true' });
    await expect.poll(async () => (await records(page)).map((r) => r.colour)).toEqual(['yellow']);
  });

  it('denies a forged code (signed by an issuer the device does not trust)', async () => {
    const { page } = await start();
    await setUp(page, { keys: trust.keysJson, category: 'office' });
    await go(page, 'scan');
    const stranger = (await makeTrustFiles()).issuer;
    await gunType(page, signedCode(stranger));
    expect(await decision(page)).toEqual({ decision: 'deny', result: 'unknown-key', logged: 'true' });
  });
});

describe('manual entry', () => {
  it('decides a person without a phone and keeps only masked data and a box only the authority opens', async () => {
    const { page } = await start();
    await setUp(page, { authority: trust.authorityJson, category: 'public-transport' });
    await go(page, 'manual');
    const id = residentId();
    await page.fill('input[name=number]', id);
    await page.fill('input[name=name]', '王小明');
    await page.fill('input[name=phone]', '13812345678');
    await page.selectOption('select[name=reason]', 'elderly');
    await page.fill('input[name=temperature]', '36.6');
    // An untouched declaration is not "all no": each question is answered.
    await page.locator('form.form button[type=submit]').click();
    await page.locator('.form-error[role=alert]').waitFor();
    for (const no of await page.locator('.yesno input[value=no]').all()) await no.check();
    await page.locator('form.form button[type=submit]').click();
    expect(await decision(page)).toEqual({ decision: 'admit', result: 'manual', logged: 'true' });

    const [record] = await records(page);
    expect(record).toMatchObject({
      source: 'manual',
      maskedName: '王*明',
      idLast4: id.slice(-4),
      temperature: 36.6,
    });
    expect(JSON.stringify(record)).not.toContain('王小明');
    expect(JSON.stringify(record)).not.toContain(id);
    expect(JSON.stringify(record)).not.toContain('13812345678');
    const opened = openSealed(fromBase64(record?.sealed ?? '') ?? new Uint8Array(), trust.authority);
    expect(opened.ok && JSON.parse(new TextDecoder().decode(opened.value))).toMatchObject({
      number: id,
      name: '王小明',
      phone: '13812345678',
    });
  });

  it('refuses a resident number whose check digit is wrong', async () => {
    const { page } = await start();
    await setUp(page, { authority: trust.authorityJson });
    await go(page, 'manual');
    const id = residentId();
    await page.fill('input[name=number]', id.slice(0, 17) + (id.endsWith('1') ? '2' : '1'));
    await page.fill('input[name=name]', '王小明');
    await page.locator('form.form button[type=submit]').click();
    await page.locator('.form-error[role=alert]').waitFor();
    expect(await page.locator('[data-decision]').count()).toBe(0);
    expect(await records(page)).toEqual([]);
  });
});

describe('supervisor override', () => {
  it('admits a denied person with the PIN and a reason, logged as an override of the deny', async () => {
    const { page } = await start();
    await setUp(page, { keys: trust.keysJson, category: 'museum', pin: '2468' });
    await go(page, 'scan');
    await gunType(page, signedCode(trust.issuer, { colour: 'yellow' }));
    expect((await decision(page)).decision).toBe('deny');
    await overrideAdmit(page, { pin: '1111', reason: 'negative test on paper, 2 h old', then: 'refused' });
    expect(await page.locator('[data-decision]').getAttribute('data-decision')).toBe('deny');
    await overrideAdmit(page, { pin: '2468', then: 'admitted' });
    const rows = (await records(page)).sort((a, b) => a.seq - b.seq);
    expect(rows.map((r) => r.decision)).toEqual(['deny', 'admit']);
    expect(rows[1]).toMatchObject({
      amends: rows[0]?.id,
      override: { decision: 'admit', engineDecision: 'deny', reason: 'negative test on paper, 2 h old' },
    });
  });
});

describe('a log write that fails', () => {
  it('says the check was not recorded and never shows admit', async () => {
    const { page } = await start();
    await setUp(page, { keys: trust.keysJson, category: 'office' });
    await go(page, 'scan');
    await breakLog(page);
    await gunType(page, signedCode(trust.issuer));
    expect(await decision(page)).toEqual({ decision: 'deny', result: 'ok', logged: 'false' });
    expect(await page.locator('.result__logfail').textContent()).toContain('未记录');
    expect(await page.locator('.result--admit').count()).toBe(0);
    expect(await page.locator('.result__word').textContent()).toBe('禁止');
  });
});
