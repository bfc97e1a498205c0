// @vitest-environment happy-dom
// The decision screen: readable without colour, says who to compare and what to do, never admits unrecorded.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { nowSeconds } from '../support/codes.js';
import { healthCode as code, rig } from './services.js';
import { click, mount, settle, textsOf, type } from './render.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

/** Sets up the app with `settings`, mounts it and scans a code (made with `over`): the rig and the screen. */
async function scanned(settings: Parameters<typeof rig>[0], over?: Parameters<typeof code>[1]) {
  const r = await rig(settings);
  const root = await mount(r.services);
  await act(() => r.services.checkpoint.scan(code(r.issuer, over)));
  await settle();
  return { r, root };
}

describe('the decision screen', () => {
  it('shows an admit with word, icon, masked name, last 4 to compare, code age and an aria-live announcement', async () => {
    const { root } = await scanned({ language: 'en', category: 'office' });
    const result = root.querySelector('[data-decision]');
    expect(result?.getAttribute('data-decision')).toBe('admit');
    expect(result?.getAttribute('data-result')).toBe('ok');
    expect(root.querySelector('.result__icon')).not.toBeNull();
    const shown = {
      '.result__word': 'ADMIT',
      '.result__name': '李*华',
      '.result__compare': expect.stringContaining('Compare with the card'),
      '.result__last4': '0421',
      '.result__meta': expect.stringContaining('Code made 5 min ago'),
      '[aria-live]': 'Admit. Green code',
    };
    expect(textsOf(root, Object.keys(shown))).toEqual(shown);
  });

  it('shows a deny with the actions as instructions and the rule’s reason (yellow at a transit hub, 003 §17)', async () => {
    const { root } = await scanned(
      { language: 'en', category: 'transit-hub', policy: 'chongqing-2021' },
      { colour: 'yellow' },
    );
    expect(root.querySelector('[data-decision]')?.getAttribute('data-decision')).toBe('deny');
    expect(root.querySelector('.result__word')?.textContent).toBe('DENY');
    const actions = [...root.querySelectorAll('.result__actions li')].map((li) => li.textContent);
    expect(actions).toContain('Hold the person here');
    expect(actions).toContain('Report to the community');
    expect(root.querySelector('.result__why')?.textContent).toContain('003 §17');
  });

  it('says a failed log write was not recorded and shows deny even for a valid green code', async () => {
    const r = await rig({ language: 'en', category: 'office' });
    // The log write is refused as a full disk refuses it.
    vi.spyOn(r.db, 'transaction').mockRejectedValue(new DOMException('quota exceeded', 'QuotaExceededError'));
    const root = await mount(r.services);
    await act(() => r.services.checkpoint.scan(code(r.issuer)));
    await settle();
    expect(root.querySelector('[data-decision]')?.getAttribute('data-decision')).toBe('deny');
    expect(root.querySelector('[data-decision]')?.getAttribute('data-logged')).toBe('false');
    expect(root.querySelector('.result__word')?.textContent).toBe('DENY');
    expect(root.querySelector('.result__logfail')?.textContent).toContain('NOT RECORDED');
    expect(root.textContent).not.toContain('ADMIT');
  });

  it('amends with a temperature button where the venue enters temperatures: a fever (yellow, 001 §1(2)) turns it to deny at a supermarket', async () => {
    const { r, root } = await scanned({ language: 'en', category: 'supermarket', temperatureEntry: true });
    expect(root.querySelector('[data-decision]')?.getAttribute('data-decision')).toBe('admit');
    const fever = [...root.querySelectorAll('.temps__btn')].find((b) => b.textContent === '38.0');
    await click(fever);
    expect(root.querySelector('[data-decision]')?.getAttribute('data-decision')).toBe('deny');
    const records = await r.records();
    expect(records.at(-1)).toMatchObject({ temperature: 38, decision: 'deny', amends: records[0]?.id });
    await type(root.querySelector('.temps__other input'), '36.4');
    await click(root.querySelector('.temps__other button'));
    expect(root.querySelector('[data-decision]')?.getAttribute('data-decision')).toBe('admit');
  });

  it('asks for a temperature under a policy that requires one, whatever the venue setting (yunnan-2020)', async () => {
    const { root } = await scanned({
      language: 'en',
      category: 'office',
      policy: 'yunnan-2020',
      temperatureEntry: false,
    });
    expect(root.querySelectorAll('.temps__btn').length).toBeGreaterThan(0);
  });

  // 000 §7(2)3: 對于持綠碼的人員,在體溫檢測正常的情況下,應予以放行
  it('000 §7(2)3 shows no admit before a temperature where the policy requires one, and gate mode does not move on', async () => {
    const { root } = await scanned(
      { language: 'en', category: 'office', policy: 'yunnan-2020', gateMode: true, gateSeconds: 1 },
      { colourSince: nowSeconds() - 86400 },
    );
    const result = () => root.querySelector('[data-decision]');
    expect(result()?.getAttribute('data-outcome')).toBe('awaiting-temperature');
    expect(root.querySelector('.result__word')?.textContent).toBe('TAKE TEMPERATURE');
    expect(root.querySelector('.result')?.textContent).not.toContain('ADMIT');
    expect(root.querySelector('[aria-live]')?.textContent).toBe('Take the temperature first. Green code');
    await act(() => new Promise<void>((done) => setTimeout(done, 1600)));
    expect(result()).not.toBeNull();
    await click([...root.querySelectorAll('.temps__btn')].find((b) => b.textContent === '36.5'));
    expect(result()?.getAttribute('data-outcome')).toBe('admit');
    expect(root.querySelector('.result__word')?.textContent).toBe('ADMIT');
  });

  // 001 §2(2): “黄码”人员在全程正确佩戴口罩情况下,允许乘坐出租车、网约车等交通工具。
  it('001 §2(2) offers "Mask worn" for a yellow code in a taxi, one tap, and shows the new decision', async () => {
    const { r, root } = await scanned({ language: 'en', category: 'taxi' }, { colour: 'yellow' });
    expect(root.querySelector('.result__word')?.textContent).toBe('DENY');
    const buttons = [...root.querySelectorAll('.situations button')];
    expect(buttons.map((b) => [b.textContent, b.getAttribute('aria-pressed')])).toEqual([
      ['Mask worn', 'false'],
    ]);
    await click(buttons[0]);
    expect(root.querySelector('.result__word')?.textContent).toBe('ADMIT');
    expect(root.querySelector('.situations button')?.getAttribute('aria-pressed')).toBe('true');
    expect((await r.records()).at(-1)).toMatchObject({ mask: true, decision: 'admit' });
  });

  // 003 §18: 黄码急诊就医人员按照疑似新冠病例做好院感防控,提供诊疗服务。
  it('003 §18 shows an admission for care, escorted, unlike a plain admit: its own word, icon and colour', async () => {
    const { root } = await scanned(
      { language: 'en', category: 'medical', policy: 'chongqing-2021' },
      { colour: 'yellow' },
    );
    const emergency = [...root.querySelectorAll('.situations button')].find(
      (b) => b.textContent === 'Medical emergency',
    );
    await click(emergency);
    const result = root.querySelector('[data-decision]');
    expect(result?.getAttribute('data-decision')).toBe('admit');
    expect(result?.getAttribute('data-outcome')).toBe('admit-escorted');
    expect(result?.classList.contains('result--admit-escorted')).toBe(true);
    expect(result?.classList.contains('result--admit')).toBe(false);
    expect(root.querySelector('.result__word')?.textContent).toBe('ADMIT FOR CARE — ESCORT');
    expect(root.querySelector('[aria-live]')?.textContent).toBe(
      'Admit for care only, with an escort to the designated place. Yellow code',
    );
  });

  it('returns to scanning by itself in gate mode', async () => {
    const { root } = await scanned({ language: 'en', category: 'office', gateMode: true, gateSeconds: 2 });
    expect(root.querySelector('[data-decision]')).not.toBeNull();
    await act(() => new Promise<void>((done) => setTimeout(done, 2600)));
    expect(root.querySelector('[data-decision]')).toBeNull();
  });

  it('waits for "Next" outside gate mode', async () => {
    const r = await rig({ language: 'en', category: 'office' });
    const root = await mount(r.services);
    await act(() => r.services.checkpoint.scan(code(r.issuer)));
    await settle(500);
    expect(root.querySelector('[data-decision]')).not.toBeNull();
    await click(root.querySelector('.result .button--big'));
    expect(root.querySelector('[data-decision]')).toBeNull();
  });
});
