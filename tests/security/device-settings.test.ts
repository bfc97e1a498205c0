// Issue 11 item 2, in real Chromium: whoever holds the device could change the venue category and the policy
// without the supervisor PIN (a venue set to "medical" admits red in Yunnan, 002 §4(1)), and set a new PIN
// without the old one. Settings that change decisions must need the PIN, and each record says who decided.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appSuite } from '../e2e/fixtures/app/suite.js';
import {
  decision,
  go,
  gunType,
  overrideAdmit,
  records,
  setUp,
  SUPERVISOR_PIN,
} from '../e2e/fixtures/app/helpers.js';
import { nowSeconds, signedCode } from '../support/codes.js';

const s = appSuite();

/** An office in Yunnan, set up by its supervisor (PIN, trust data, policy); Settings then left and locked. */
async function yunnanOffice(): Promise<Page> {
  const page = await s.page();
  await setUp(page, { keys: s.trust.keysJson, category: 'office' });
  await page.selectOption('select[name=policy]', 'yunnan-2020');
  await page.waitForTimeout(200);
  await go(page, 'scan');
  return page;
}

/** A red code (a Yunnan green is valid 14 days from its colour's start: this one turned red yesterday). */
const red = () => signedCode(s.trust.issuer, { colour: 'red', colourSince: nowSeconds() - 86400 });

/** Tries to choose `value` in a select as the holder would; a locked select may refuse, which is the point. */
async function tryChoose(page: Page, select: string, value: string): Promise<void> {
  await page.selectOption(select, value, { force: true, timeout: 3000 }).catch(() => undefined);
  await page.waitForTimeout(300);
}

describe('whoever holds the device, without the supervisor PIN', () => {
  // 002 §4(1): red and yellow codes may not enter any public place, except medical institutions.
  it.each([
    { what: 'make an office "medical" so that a red code is admitted', select: 'category', value: 'medical' },
    { what: 'change the rules the venue decides by', select: 'policy', value: 'zhejiang-2020' },
  ])('cannot $what', async ({ select, value }) => {
    const page = await yunnanOffice();
    await go(page, 'settings');
    await tryChoose(page, `select[name=${select}]`, value);
    await go(page, 'scan');
    await gunType(page, red());
    expect(await decision(page)).toMatchObject({ decision: 'deny', result: 'ok' });
    expect((await records(page)).map((r) => [r.colour, r.decision, r.policy])).toEqual([
      ['red', 'deny', 'yunnan-2020'],
    ]);
  });

  it('cannot set a new supervisor PIN: the old one still overrides, theirs does not', async () => {
    const page = await yunnanOffice();
    await go(page, 'settings');
    await page.fill('input[name=pin]', '0000');
    await page.locator('form.inline button[type=submit]').click();
    await page.waitForTimeout(500);
    await go(page, 'scan');
    await gunType(page, red());
    await page.locator('[data-decision=deny]').waitFor();
    await overrideAdmit(page, { pin: '0000', reason: 'let me in', then: 'refused' });
    expect(await page.locator('[data-decision]').getAttribute('data-decision')).toBe('deny');
    await overrideAdmit(page, { pin: SUPERVISOR_PIN, then: 'admitted' });
  });
});

describe('who decided', () => {
  it('is chosen at shift start on the scan screen and written on each record and override', async () => {
    const page = await yunnanOffice();
    await page.fill('.shift input[name=staff]', '李工 017');
    await page.locator('.shift button[type=submit]').click();
    await page.locator('.shift[data-staff]').waitFor();
    await gunType(page, red());
    await page.locator('[data-decision=deny]').waitFor();
    expect(await page.locator('.result__staff').textContent()).toContain('李工 017');
    await overrideAdmit(page, { pin: SUPERVISOR_PIN, reason: 'fever clinic escort', then: 'admitted' });
    const rows = (await records(page)).sort((a, b) => a.seq - b.seq);
    expect(rows.map((r) => [r.decision, r.override?.decision ?? null, r.staff])).toEqual([
      ['deny', null, '李工 017'],
      ['admit', 'admit', '李工 017'],
    ]);
  });
});
