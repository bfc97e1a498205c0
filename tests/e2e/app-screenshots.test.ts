// Screenshots of every screen at 360×740 in zh-CN, zh-TW and en. With UPDATE_SCREENSHOTS=1 they go to
// docs/screenshots/<lang>/ for review and commit; otherwise to a temporary directory (the test still drives every screen).
import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildAndServeApp, type ServedApp } from './fixtures/app/serve.js';
import {
  breakLog,
  decision,
  go,
  gunType,
  makeTrustFiles,
  ready,
  setUp,
  type TrustFiles,
} from './fixtures/app/helpers.js';
import { signedCode } from '../support/codes.js';
import { imageToY4m, launchChromium } from './harness/index.js';

const OUT = process.env['UPDATE_SCREENSHOTS']
  ? resolve(import.meta.dirname, '../../docs/screenshots')
  : join(tmpdir(), `checkpoint-screenshots-${process.pid}`);
const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
type Screen = Parameters<typeof go>[1];
let app: ServedApp;
let trust: TrustFiles;
let camera: string;

beforeAll(async () => {
  [app, trust] = await Promise.all([buildAndServeApp(), makeTrustFiles()]);
  // The camera sees a counter top with no code on it, so the scan screen shows a live picture.
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-shots-'));
  const png = join(dir, 'desk.png');
  await promisify(execFile)('convert', ['-size', '1280x720', 'gradient:#8a9a94-#3d4a45', png]);
  camera = await imageToY4m(png, join(dir, 'desk.y4m'), { seconds: 1, fps: 5 });
});
afterAll(async () => {
  await app?.close();
});

async function shot(page: Page, lang: string, name: string): Promise<void> {
  await page.waitForTimeout(250);
  const path = join(OUT, lang, `${name}.png`);
  await page.screenshot({ path });
  expect((await stat(path)).size).toBeGreaterThan(5000);
}

/** Opens `screen`, waits for `selector` on it and `ms` more for what still moves, and takes its screenshot. */
async function shotScreen(page: Page, lang: string, screen: Screen, selector: string, ms = 0): Promise<void> {
  await go(page, screen);
  await page.locator(selector).waitFor();
  await page.waitForTimeout(ms);
  await shot(page, lang, screen);
}

describe.each(LANGUAGES)('screens in %s', (lang) => {
  it('captures scan, decisions, override, failure, manual entry, log and settings', async () => {
    await mkdir(join(OUT, lang), { recursive: true });
    const chromium = await launchChromium({ cameraY4m: camera });
    try {
      const page = await chromium.context.newPage();
      await page.goto(app.url);
      await ready(page);
      await setUp(page, {
        language: lang,
        keys: trust.keysJson,
        authority: trust.authorityJson,
        category: 'transit-hub',
        pin: '2468',
        temperature: true,
      });
      await page.selectOption('select[name=policy]', 'chongqing-2021');
      await page.fill(
        'input[name=venueName]',
        { en: 'North Station, gate 3', 'zh-CN': '北站 3 号口', 'zh-TW': '北站 3 號口' }[lang],
      );
      await page.locator('input[name=venueName]').blur();
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, lang, 'settings');
      await page.locator('.trust-files').scrollIntoViewIfNeeded();
      await shot(page, lang, 'settings-trust');

      await shotScreen(page, lang, 'scan', '.scan__video', 1000);

      await gunType(page, signedCode(trust.issuer, { name: lang === 'en' ? 'L** W**' : '张*三' }));
      expect((await decision(page)).decision).toBe('admit');
      await shot(page, lang, 'result-admit');
      await page.locator('.temps__btn').nth(3).click();
      await page.locator('.result__meta').getByText('37.0').waitFor();
      await shot(page, lang, 'result-admit-temperature');
      await page.locator('.result .button--big').click();

      await gunType(
        page,
        signedCode(trust.issuer, { colour: 'yellow', subject: new Uint8Array(16).fill(3) }),
      );
      expect((await decision(page)).decision).toBe('deny');
      await shot(page, lang, 'result-deny');
      await page.locator('.result .button--quiet').click();
      await page.fill('.dialog input[name=pin]', '2468');
      await page.fill(
        '.dialog input[name=reason]',
        { en: 'Emergency patient, escorted', 'zh-CN': '急诊病人，专人陪同', 'zh-TW': '急診病人，專人陪同' }[
          lang
        ],
      );
      await shot(page, lang, 'override');
      await page.locator('.dialog .button--admit').click();
      await page.locator('[data-decision=admit]').waitFor();
      await shot(page, lang, 'result-override');
      await page.locator('.result .button--big').click();

      await gunType(page, signedCode((await makeTrustFiles()).issuer));
      expect((await decision(page)).result).toBe('unknown-key');
      await shot(page, lang, 'result-forged');
      await page.locator('.result .button--big').click();

      await shotScreen(page, lang, 'manual', 'input[name=number]');
      await page.fill('input[name=number]', '110105194912310021');
      await page.fill('input[name=name]', lang === 'en' ? 'Wang Xiaoming' : '王小明');
      await page.locator('input[name=temperature]').scrollIntoViewIfNeeded();
      await shot(page, lang, 'manual-declaration');

      await shotScreen(page, lang, 'log', '[data-stat=admitted]', 300);

      await go(page, 'scan');
      await breakLog(page);
      await gunType(page, signedCode(trust.issuer, { subject: new Uint8Array(16).fill(4) }));
      expect((await decision(page)).logged).toBe('false');
      await shot(page, lang, 'result-not-recorded');
    } finally {
      await chromium.close();
    }
  });
});
