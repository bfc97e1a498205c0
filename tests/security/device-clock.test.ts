// Issue 11 item 3, in real Chromium: a device whose clock is set back kept old trust data "fresh" and expired
// codes valid. The clock now has a floor (the last decision, the newest signed bundle), kept across restarts;
// more than 5 minutes behind it, nothing is decided and the screen says why, in each of the three languages.
import { describe, expect, it } from 'vitest';
import { appSuite } from '../e2e/fixtures/app/suite.js';
import { go, gunType, ready, records, setUp } from '../e2e/fixtures/app/helpers.js';
import { signedCode } from '../support/codes.js';

const s = appSuite();

const HOUR = 3600;

describe('a clock set back', () => {
  it('keeps neither old trust data fresh nor an expired code valid, and says so after a restart too', async () => {
    const page = await s.page(false);
    // The page's clock, which the test sets as someone in the device's settings would.
    await page.clock.install();
    await page.goto(s.app.url);
    await ready(page);
    // The keys are loaded now (T0); Zhejiang's policy allows trust data 24 h old.
    const t0 = Math.floor(Date.now() / 1000);
    await setUp(page, { keys: s.trust.keysJson, category: 'office' });
    await go(page, 'scan');

    // Two days on, the trust data is too old: the device refuses to decide on it (a deny asking for new data).
    await page.clock.setSystemTime((t0 + 48 * HOUR) * 1000);
    await gunType(page, signedCode(s.trust.issuer, {}, t0 + 48 * HOUR));
    await page.locator('[data-decision=deny]').waitFor();
    expect((await records(page)).map((r) => r.rules)).toEqual([['trust-data-too-old']]);
    await page.locator('.result__buttons .button--big').click();

    // Someone sets the clock back to an hour after T0: the trust data would look fresh again, and a code that
    // expired a day ago (valid until T0 + 24 h) would look valid.
    await page.clock.setSystemTime((t0 + HOUR) * 1000);
    const expired = signedCode(
      s.trust.issuer,
      { iat: t0 - HOUR, exp: t0 + 24 * HOUR, subject: new Uint8Array(16).fill(2) },
      t0,
    );
    await gunType(page, expired);
    await page.locator('[data-notice=clock-behind], [data-decision]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-decision]').count()).toBe(0);
    expect(await page.locator('[data-notice=clock-behind]').textContent()).toContain('设备时间被调早');
    expect(await records(page)).toHaveLength(1);

    // The floor is kept: after a restart with the clock still behind, still nothing is decided.
    await page.reload();
    await ready(page);
    await page.clock.setSystemTime((t0 + HOUR) * 1000);
    await page
      .locator('[data-notice=clock-behind]')
      .waitFor({ timeout: 40_000 })
      .catch(() => undefined);
    await gunType(page, expired);
    await page.locator('[data-notice=clock-behind], [data-decision]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-decision]').count()).toBe(0);
    expect(await records(page)).toHaveLength(1);

    // The message, in each language.
    for (const [language, words] of [
      ['zh-TW', '裝置時間被調早'],
      ['en', 'The device clock is set back'],
    ] as const) {
      await go(page, 'settings');
      await page.selectOption('select[name=language]', language);
      expect(await page.locator('[data-notice=clock-behind]').textContent()).toContain(words);
    }

    // Set right again, the device decides.
    await page.clock.setSystemTime((t0 + 48 * HOUR + 60) * 1000);
    await go(page, 'scan');
    await page.locator('.scan').waitFor();
    await gunType(
      page,
      signedCode(s.trust.issuer, { subject: new Uint8Array(16).fill(3) }, t0 + 48 * HOUR + 60),
    );
    await page.locator('[data-decision=deny]').waitFor();
    expect(await records(page)).toHaveLength(2);
  });
});
