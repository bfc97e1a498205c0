// The report queue (issue 13): newest first, filtered by region, venue, colour and state, live by asking only
// for changes since the last answer every 5 s and only while the page is visible; acknowledging and closing
// update the card in place.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsoleApi } from '../../../src/console/api.js';
import { createReports, passes, ANY, PAGE } from '../../../src/console/models/reports.js';
import { AUTHORITY, fakeApi, MANAGER, report } from '../fake-api.js';

/** A document whose visibility the test switches. */
function page(visible = true): Document & { show(v: boolean): void } {
  const target = new EventTarget() as EventTarget & { visibilityState: string; show(v: boolean): void };
  target.visibilityState = visible ? 'visible' : 'hidden';
  target.show = (v) => {
    target.visibilityState = v ? 'visible' : 'hidden';
    target.dispatchEvent(new Event('visibilitychange'));
  };
  return target as unknown as Document & { show(v: boolean): void };
}

const T = (h: number) => `2026-11-20T${String(h).padStart(2, '0')}:00:00.000Z`;

function setUp(
  reports = [report('r1', T(8)), report('r3', T(10)), report('r2', T(9), { colour: 'yellow' })],
) {
  const fake = fakeApi({ me: AUTHORITY, reports });
  return { fake, model: createReports(createConsoleApi({ fetch: fake.fetch }), () => 1000) };
}

afterEach(() => vi.useRealTimers());

describe('report queue', () => {
  it('lists the reports newest first and remembers when the server answered', async () => {
    const { model } = setUp();
    await model.load();
    expect(model.reports.value.map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect(model.heardAt.value).toBe(1000);
    expect(model.more.value).toBe(false);
  });

  it.each([
    [{ colour: 'yellow' as const }, ['r2']],
    [{ state: 'acknowledged' as const }, []],
    [{ venue: 'v-mall' }, ['r3', 'r2', 'r1']],
    [{ region: 'CN-ZJ-NB' }, []],
  ])('filters by %j on the server and in the page', async (filter, ids) => {
    const { fake, model } = setUp();
    await model.filter(filter);
    expect(model.reports.value.map((r) => r.id)).toEqual(ids);
    expect(fake.seen.at(-1)?.path).toContain(`${Object.keys(filter)[0]}=${Object.values(filter)[0]}`);
  });

  it('passes: every filter must hold, empty ones hold always', () => {
    const r = report('r', T(8));
    expect(passes(r, ANY)).toBe(true);
    expect(passes(r, { ...ANY, colour: 'red', venue: 'v-mall' })).toBe(true);
    expect(passes(r, { ...ANY, colour: 'red', venue: 'other' })).toBe(false);
  });

  it('merges what changed since the last answer, marks the new arrivals, and drops those the filters exclude', async () => {
    const { fake, model } = setUp();
    await model.filter({ colour: 'red' });
    fake.state.changes = [
      report('r4', T(11)),
      report('r5', T(12), { colour: 'yellow' }),
      report('r1', T(8), { state: 'acknowledged', acknowledgedBy: 'zj-cdc' }),
    ];
    await model.refresh();
    expect(fake.seen.at(-1)?.path).toMatch(/^\/reports\/changes\?since=c\d+$/);
    expect(model.reports.value.map((r) => `${r.id}:${r.state}`)).toEqual([
      'r4:new',
      'r3:new',
      'r1:acknowledged',
    ]);
    expect([...model.arrived.value]).toEqual(['r4', 'r5']);
  });

  it('asks for the next page with the page cursor while full pages come', async () => {
    const many = Array.from({ length: PAGE + 3 }, (_, i) =>
      report(`r${i}`, new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString()),
    );
    const { fake, model } = setUp(many);
    await model.load();
    expect(model.more.value).toBe(true);
    await model.loadMore();
    expect(fake.seen.at(-1)?.path).toMatch(/after=c1/);
  });

  it('acknowledges and closes a report, updating it in place', async () => {
    const { model } = setUp();
    await model.load();
    expect(await model.acknowledge('r3')).toMatchObject({
      ok: true,
      value: { state: 'acknowledged', acknowledgedBy: 'zj-cdc' },
    });
    await model.close('r3', 'handed to the community station');
    expect(model.reports.value[0]).toMatchObject({
      id: 'r3',
      state: 'closed',
      outcome: 'handed to the community station',
    });
  });

  it('keeps a manager out of acknowledging (403 forbidden) and says why', async () => {
    const fake = fakeApi({ me: MANAGER, reports: [report('r1', T(8))] });
    const model = createReports(createConsoleApi({ fetch: fake.fetch }));
    await model.load();
    expect(await model.acknowledge('r1')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(model.error.value?.code).toBe('forbidden');
    expect(model.reports.value[0]?.state).toBe('new');
  });

  it('polls every 5 s while visible, never while hidden, and at once on coming back', async () => {
    vi.useFakeTimers();
    const { fake, model } = setUp();
    const doc = page(true);
    const stop = new AbortController();
    model.live({ everyMs: 5000, doc, signal: stop.signal });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.seen.map((s) => s.path.split('?')[0])).toEqual(['/reports']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.seen.filter((s) => s.path.startsWith('/reports/changes'))).toHaveLength(2);

    doc.show(false);
    const before = fake.seen.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.seen).toHaveLength(before);

    doc.show(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.seen).toHaveLength(before + 1);

    stop.abort();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.seen).toHaveLength(before + 1);
  });
});
