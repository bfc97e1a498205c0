// The door as the documents describe it, in real Chromium through the fake camera: `checkpoint serve`, three
// venues under three provinces' rules, a phone enrolled for each. What staff see reaches the decision with one
// tap (a mask, an emergency, a negative test at HH:MM), a temperature comes before any admit where the rules make
// it a condition, and each record on the server holds what was entered. Controls are found by role and name, in
// the language the screen is in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DecisionRecord } from '../../src/core/log.js';
import type { HealthClaims } from '../../src/core/hcq1/types.js';
import type { IssuerSecret } from '../../src/core/issuer.js';
import { cliChild, cliIssuer, ensureBuilt, venueAddArgs } from '../support/cli.js';
import { signedCode } from '../support/codes.js';
import { serveChild, type ServeChild } from '../support/serve.js';
import { go, records } from './fixtures/app/helpers.js';
import { buildApp } from './fixtures/app/serve.js';
import { launchChromium, makeQrY4m, type LaunchedChromium } from './harness/index.js';

const TIME_ZONE = 'Asia/Shanghai';
const DAY = 86_400;

let dir: string;
let server: ServeChild;
let zj: IssuerSecret;
const browsers: LaunchedChromium[] = [];

function cli(...args: string[]): Record<string, unknown> {
  return cliChild([...args, '--data', join(dir, 'data')]).json ?? {};
}

/** A venue under `policy`, and its one-time enrolment link. */
function venue(name: string, category: string, policy: string): { id: string; enrolUrl: string } {
  const v = cli(...venueAddArgs(name, category, policy), '--base-url', server.url);
  return { id: String(v.id), enrolUrl: String(v.enrolUrl) };
}

/** The records the server holds for a venue, in time order. */
function exported(venueId: string): DecisionRecord[] {
  const all = cli('export', '--format', 'json', '--venue', venueId) as { records: DecisionRecord[] };
  return all.records;
}

/** A phone (its own browser profile, in Shanghai time) enrolled from `enrolUrl`, on the scan screen. */
async function phone(browser: Browser, enrolUrl: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    timezoneId: TIME_ZONE,
    // Every request reaches the server: nothing here is about the offline cache.
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(enrolUrl);
  await page.locator('[data-enrol=done]').waitFor({ timeout: 30_000 });
  await page.locator('.app[data-models="ready"]').waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** A phone enrolled at `at` whose camera shows a code signed now, with the claims `over(iat)` gives. */
async function phoneShowing(
  at: { enrolUrl: string },
  over: (iat: number) => Partial<HealthClaims>,
): Promise<{ page: Page; errors: string[] }> {
  // The issuer key is valid from the moment `keys issuer` made it: codes are made after that.
  const iat = Math.floor(Date.now() / 1000) + 1;
  return phone(await cameraShowing(signedCode(zj, { iat, ...over(iat) })), at.enrolUrl);
}

/** The decision on screen once it is `outcome` (data-outcome: admit, admit-escorted, deny, awaiting-temperature). */
async function shown(page: Page, outcome: string): Promise<void> {
  await page
    .locator(`[data-decision][data-outcome="${outcome}"][data-logged="true"]`)
    .waitFor({ timeout: 30_000 });
}

/**
 * "Next", then away from the camera long enough for the repeat filter (3 s) to forget the code, optionally
 * changing the language in Settings on the way, and back: the camera decides the same code afresh.
 */
async function scanAgain(page: Page, next: string, language?: string): Promise<void> {
  await page.getByRole('button', { name: next }).click();
  await go(page, 'settings');
  if (language) await page.selectOption('select[name=language]', language);
  await page.waitForTimeout(3500);
  await go(page, 'scan');
}

/** Uploads what the phone logged ("Sync now" on the log screen) and waits until nothing is pending. */
async function upload(page: Page, syncNow: string): Promise<void> {
  await go(page, 'log');
  await page.getByRole('button', { name: syncNow }).click();
  await expect
    .poll(async () => (await records(page)).every((r) => r.synced === 1), { timeout: 30_000 })
    .toBe(true);
}

/** HH:MM in Shanghai `seconds` ago. */
function shanghaiClock(secondsAgo: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() - secondsAgo * 1000));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-door-'));
  ensureBuilt();
  const outDir = join(dir, 'dist');
  // A production build of the app, served by `checkpoint serve` beside the API (one origin, as in the field).
  await buildApp(outDir);
  server = await serveChild({ data: join(dir, 'data') }, ['--dist', outDir]);
  zj = cliIssuer(dir, join(dir, 'data')).secret;
}, 240_000);

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A browser whose camera shows `text`. */
async function cameraShowing(text: string): Promise<Browser> {
  const video = await makeQrY4m(text);
  const launched = await launchChromium({ cameraY4m: video.y4m });
  browsers.push(launched);
  return launched.browser;
}

describe('what staff see reaches the decision', () => {
  it('001 §2(2) a yellow code in a Zhejiang taxi: "mask worn" (已正确佩戴口罩) → admit, and the server keeps the mask', async () => {
    const taxi = venue('Taxi 浙A·12345', 'taxi', 'zhejiang-2020');
    const { page, errors } = await phoneShowing(taxi, () => ({ colour: 'yellow' }));

    await shown(page, 'deny');
    const mask = page.getByRole('button', { name: '已正确佩戴口罩' });
    expect(await mask.getAttribute('aria-pressed')).toBe('false');
    // Nothing else is offered: an emergency or a test changes nothing in a taxi.
    expect(await page.getByRole('button', { name: '急诊就医' }).count()).toBe(0);
    await mask.click();
    await shown(page, 'admit');
    expect(await page.locator('.result__word').textContent()).toBe('通行');

    await page.getByRole('button', { name: '下一位' }).click();
    await upload(page, '立即同步');
    const held = exported(taxi.id);
    expect(held.map((r) => [r.decision, r.mask])).toEqual([
      ['deny', undefined],
      ['admit', true],
    ]);
    expect(held[1]).toMatchObject({ amends: held[0]!.id, policy: 'zhejiang-2020', colour: 'yellow' });
    expect(errors).toEqual([]);
  });

  it('003 §18 a yellow code at a Chongqing hospital: "Medical emergency" → admit for care, escorted and reported; separately a negative test at HH:MM → admit', async () => {
    const hospital = venue('第一人民医院', 'medical', 'chongqing-2021');
    const { page, errors } = await phoneShowing(hospital, () => ({ colour: 'yellow' }));
    await shown(page, 'deny');

    // In English now: the same controls, named in the chosen language.
    await scanAgain(page, '下一位', 'en');
    await shown(page, 'deny');
    expect(await page.locator('.result__word').textContent()).toBe('DENY');
    await page.getByRole('button', { name: 'Medical emergency' }).click();
    await shown(page, 'admit-escorted');
    expect(await page.locator('.result__word').textContent()).toBe('ADMIT FOR CARE — ESCORT');
    const actions = await page.locator('.result__actions li').allTextContents();
    expect(actions).toEqual(
      expect.arrayContaining(['Take the person to the designated place', 'Report to the community']),
    );

    const sampled = shanghaiClock(2 * 3600);
    await scanAgain(page, 'Next');
    await shown(page, 'deny');
    await page.getByLabel('Negative test sampled at (HH:MM)').fill(sampled);
    await page.getByRole('button', { name: 'Negative test shown' }).click();
    await shown(page, 'admit-escorted');
    expect(await page.locator('[data-decision]').getAttribute('data-decision')).toBe('admit');
    expect(await page.locator('.situations').textContent()).toContain(`Negative test sampled ${sampled}`);

    await page.getByRole('button', { name: 'Next' }).click();
    await upload(page, 'Sync now');
    const held = exported(hospital.id);
    const emergency = held.find((r) => r.emergency === true);
    expect(emergency).toMatchObject({
      decision: 'admit',
      actions: ['report', 'escort'],
      policy: 'chongqing-2021',
    });
    const tested = held.find((r) => r.paperTest !== undefined);
    expect(tested).toMatchObject({ decision: 'admit', paperTest: { result: 'negative' } });
    const at = new Date(tested!.paperTest!.sampledAt);
    expect(shanghaiClock((Date.now() - at.getTime()) / 1000)).toBe(sampled);
    expect(errors).toEqual([]);
  });

  it('000 §7(2)3 a green code at a Yunnan venue: no admit is shown until a temperature is entered (在體溫檢測正常的情況下)', async () => {
    const office = venue('元阳县政务服务中心', 'service-hall', 'yunnan-2020');
    // Green for two days: inside 002 §4(1)'s 14.
    const { page, errors } = await phoneShowing(office, (iat) => ({ colourSince: iat - 2 * DAY }));

    await shown(page, 'awaiting-temperature');
    expect(await page.locator('.result__word').textContent()).toBe('请先测体温');
    // Still waiting a while later: nothing moves on, nothing admits by itself.
    await page.waitForTimeout(2000);
    expect(await page.locator('[data-decision]').getAttribute('data-outcome')).toBe('awaiting-temperature');
    expect(await page.locator('.result--admit').count()).toBe(0);
    await page.getByRole('button', { name: '36.5' }).click();
    await shown(page, 'admit');
    expect(await page.locator('.result__word').textContent()).toBe('通行');

    await page.getByRole('button', { name: '下一位' }).click();
    await upload(page, '立即同步');
    const held = exported(office.id);
    expect(held.map((r) => [r.decision, r.rules[0], r.temperature])).toEqual([
      ['deny', 'temperature-required', null],
      ['admit', 'green-pass', 36.5],
    ]);
    expect(held[1]).toMatchObject({ amends: held[0]!.id, policy: 'yunnan-2020' });
    expect(errors).toEqual([]);
  });
});
