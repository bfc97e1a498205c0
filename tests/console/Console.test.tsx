// @vitest-environment happy-dom
// The console page (issue 13) over a fake server: signing in with a link, the authority's queue (acknowledge,
// close with an outcome) and overview, the manager's venue (chart, two weeks, devices, links, export) and read-
// only reports, the language picker, and a used link.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { Console } from '../../src/console/Console.js';
import { click, settle, show, type, waitFor } from '../ui/render.js';
import { AUTHORITY, MANAGER } from './fake-api.js';
import { busyVenue, consoleRig } from './services.js';

async function signedIn(me: typeof AUTHORITY, language: 'en' | 'zh-CN' = 'en') {
  const rig = consoleRig({ ...busyVenue(), tokens: new Map([['tok', me]]) }, language);
  const root = await show(<Console services={rig.services} />);
  await rig.services.session.start('tok');
  await settle();
  return { rig, root };
}

const text = (root: ParentNode, selector: string) => root.querySelector(selector)?.textContent?.trim();

afterEach(() => {
  const root = document.getElementById('app');
  if (root) render(null, root);
  document.body.innerHTML = '';
});

describe('console: the authority', () => {
  it('signs in with the link and sees the queue, newest first, with Reports and Overview tabs', async () => {
    const { root } = await signedIn(AUTHORITY);
    expect(text(root, '[data-me]')).toBe('Health authority · zj-cdc');
    expect([...root.querySelectorAll('.tab')].map((b) => b.textContent)).toEqual(['Reports', 'Overview']);
    await waitFor(root, '[data-report]');
    expect([...root.querySelectorAll('[data-report]')].map((r) => r.getAttribute('data-report'))).toEqual([
      'r-new',
      'r-ack',
    ]);
    const card = root.querySelector('[data-report=r-new]')!;
    expect(card.textContent).toContain('Red code');
    expect(card.textContent).toContain('张*三');
    expect(card.textContent).toContain('123X');
    expect(card.textContent).toContain('003 §17');
    expect(text(root, '.live')).toMatch(/^Live · updated/);
  });

  it('acknowledges a new report, then closes it with an outcome', async () => {
    const { rig, root } = await signedIn(AUTHORITY);
    await waitFor(root, '[data-report=r-new] .button--primary');
    await click(root.querySelector('[data-report=r-new] .button--primary'));
    expect(root.querySelector('[data-report=r-new]')?.getAttribute('data-state')).toBe('acknowledged');
    expect(text(root, '[data-report=r-new] .report__history')).toContain('Acknowledged by zj-cdc');

    const closeButton = [...root.querySelectorAll('[data-report=r-new] button')].find(
      (b) => b.textContent === 'Close…',
    );
    await click(closeButton);
    const submit = root.querySelector<HTMLButtonElement>(
      '[data-report=r-new] .close-form button[type=submit]',
    );
    expect(submit?.disabled).toBe(true);
    await type(
      root.querySelector('[data-report=r-new] textarea[name=outcome]'),
      'Handed to the community station',
    );
    await click(submit);
    expect(root.querySelector('[data-report=r-new]')?.getAttribute('data-state')).toBe('closed');
    expect(text(root, '[data-report=r-new] .report__history')).toContain('Handed to the community station');
    expect(rig.fake.seen.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual([
      '/session',
      '/reports/r-new/ack',
      '/reports/r-new/close',
    ]);
  });

  it('filters the queue by colour', async () => {
    const { root } = await signedIn(AUTHORITY);
    await waitFor(root, '[data-report]');
    const select = root.querySelector<HTMLSelectElement>('select[name=colour]')!;
    select.value = 'yellow';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect([...root.querySelectorAll('[data-report]')].map((r) => r.getAttribute('data-report'))).toEqual([
      'r-ack',
    ]);
  });

  it('sees the overview: trust figures, where abnormal codes turned up, devices offline too long', async () => {
    const { root } = await signedIn(AUTHORITY);
    await click(root.querySelector('[data-screen=summary]'));
    await waitFor(root, '.heat__table');
    expect(text(root, '[data-figure=trust] strong')).toBe('12');
    expect(text(root, '[data-figure=revocations] strong')).toBe('3');
    expect(root.querySelector('[data-figure=stale]')?.classList.contains('figure--warn')).toBe(true);
    // Red outranks yellow: the mall's row comes first, its 14:00 square red.
    const rows = [...root.querySelectorAll('.heat__table tbody tr')];
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(['West Lake Mall', 'Ningbo Station']);
    expect(rows[0]?.querySelector('td[title*="14:00 — 2 red"]')?.className).toContain('heat__cell--red4');
    expect(rows[1]?.querySelector('td[title*="9:00 — 0 red, 1 yellow"]')?.className).toContain(
      'heat__cell--yellow',
    );
    expect(text(root, '[data-device=dev-station-9]')).toContain('Ningbo Station');
  });
});

describe('console: a venue manager', () => {
  it('opens on the venue: today in figures and a chart with a title, a description and a table', async () => {
    const { root } = await signedIn(MANAGER);
    expect([...root.querySelectorAll('.tab')].map((b) => b.textContent)).toEqual(['Venue', 'Reports']);
    await waitFor(root, '.stats-chart svg');
    expect(text(root, '#venue-title')).toBe('West Lake Mall');
    expect(text(root, '[data-figure=admits] strong')).toBe('158');
    expect(text(root, '[data-figure=reports] strong')).toBe('3');
    const svg = root.querySelector('.stats-chart svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.querySelector('title')?.textContent).toBe('Today, per hour');
    expect(svg.querySelector('desc')?.textContent).toContain('158 admitted, 10 denied, 3 reports');
    const rows = [...root.querySelectorAll('.stats-chart table tbody tr')];
    expect(rows).toHaveLength(24);
    expect([...rows[9]!.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual([
      '9:00',
      '58',
      '4',
      '1',
      '0',
      '1',
    ]);
    expect(svg.querySelectorAll('.stats-chart__admits')).toHaveLength(24);
  });

  it('sees the last 14 days per hour, a dot where there was a report', async () => {
    const { root } = await signedIn(MANAGER);
    await waitFor(root, '.venue__days .heat__table');
    const rows = root.querySelectorAll('.venue__days tbody tr');
    expect(rows).toHaveLength(15);
    expect(rows[14]?.querySelectorAll('td')).toHaveLength(24);
    expect(rows[13]?.querySelectorAll('td')[12]?.className).toContain('heat__cell--dot');
  });

  it('reads its reports but has no buttons to acknowledge or close them', async () => {
    const { root } = await signedIn(MANAGER);
    await waitFor(root, '.venue__reports [data-report]');
    expect(root.querySelectorAll('.venue__reports [data-report]')).toHaveLength(2);
    await click(root.querySelector('[data-screen=reports]'));
    await waitFor(root, '[data-report]');
    expect(root.querySelectorAll('.report__actions')).toHaveLength(0);
  });

  it('disables a device after confirming', async () => {
    const { rig, root } = await signedIn(MANAGER);
    await waitFor(root, '[data-device=dev-gate-2]');
    expect(root.querySelector('[data-device=dev-gate-2]')?.className).toContain('device--trouble');
    await click(root.querySelector('[data-device=dev-gate-2] .device__disable'));
    expect(rig.fake.seen.some((s) => s.path.includes('/disable'))).toBe(false);
    await click(root.querySelector('[data-device=dev-gate-2] .device__confirm .button--deny'));
    expect(text(root, '[data-device=dev-gate-2] .badge')).toBe('Disabled');
    expect(root.querySelector('[data-device=dev-gate-2] .device__disable')).toBeNull();
  });

  it('makes an enrolment link, shows it once, and expires it', async () => {
    const { root } = await signedIn(MANAGER);
    await waitFor(root, '.enrolments__make');
    await click(root.querySelector('.enrolments__make button[type=submit]'));
    expect(root.querySelector<HTMLInputElement>('.enrolments__new input')?.value).toMatch(/\/enrol\?token=/);
    expect(root.querySelector('[data-enrolment]')?.getAttribute('data-state')).toBe('open');
    await click(root.querySelector('[data-enrolment] button'));
    expect(root.querySelector('[data-enrolment]')?.getAttribute('data-state')).toBe('expired');
  });

  it('links the CSV of the day chosen', async () => {
    const { root } = await signedIn(MANAGER);
    await waitFor(root, '.export a');
    expect(root.querySelector('.export a')?.getAttribute('href')).toBe(
      '/api/console/v1/venues/v-mall/export?day=2026-11-20',
    );
    await type(root.querySelector('.export input[name=day]'), '2026-11-19');
    expect(root.querySelector('.export a')?.getAttribute('href')).toMatch(/day=2026-11-19$/);
  });
});

describe('console: language and sign-in', () => {
  it('switches language at once and remembers the choice', async () => {
    const { rig, root } = await signedIn(AUTHORITY, 'zh-CN');
    expect(text(root, '.tab')).toBe('报告');
    const picker = root.querySelector<HTMLSelectElement>('select[name=language]')!;
    picker.value = 'zh-TW';
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(text(root, '.tab')).toBe('報告');
    expect(document.documentElement.lang).toBe('zh-TW');
    expect(rig.remembered).toEqual(['zh-TW']);
  });

  it('says a used link is used, and how to get a new one', async () => {
    const rig = consoleRig({}, 'en');
    const root = await show(<Console services={rig.services} />);
    await rig.services.session.start('used-token');
    await settle();
    expect(text(root, '.signin [role=alert]')).toContain('already used or has expired');
    expect(text(root, '.signin')).toContain('checkpoint console grant');
    expect(root.querySelector('.tabs')).toBeNull();
  });

  it('signs out back to the sign-in screen', async () => {
    const { rig, root } = await signedIn(AUTHORITY);
    await click(root.querySelector('.top__out'));
    expect(root.querySelector('.signin')).not.toBeNull();
    expect(rig.fake.seen.at(-1)).toMatchObject({ method: 'DELETE', path: '/session' });
  });
});
