// Reports on SQLite and PostgreSQL: a record whose actions include `report` (001 §2(1): a red code is held and
// handed over; 003 §17: found, held and reported) files one report in the ingest transaction, under the server's
// venue, once however often it is replayed; its queue state moves new → acknowledged → closed.
import { describe, expect, it } from 'vitest';
import type { DecisionEntry, DecisionRecord } from '../../../src/core/log.js';
import { decodeCursor } from '../../../src/server/db/reports.js';
import { batchOf, chain } from '../../support/chains.js';
import { entry } from '../../support/entries.js';
import { report } from '../../support/reports.js';
import { BACKENDS, enrolDevice, suiteDb } from '../../support/server.js';

const AT = Date.UTC(2026, 10, 20, 8);

/** A red Zhejiang code held and reported (001 §2(1), rule red-no-entry), logged on the device as venue "local". */
const red = (i: number, over: Partial<DecisionEntry> = {}): DecisionEntry =>
  entry(new Date(AT + i * 1000).toISOString(), {
    venueId: 'local',
    colour: 'red',
    decision: 'deny',
    actions: ['hold', 'report', 'escort'],
    rules: ['red-no-entry'],
    subject: 'ab'.repeat(16),
    maskedName: '李*',
    idLast4: '0420',
    ...over,
  });
const green = (i: number): DecisionEntry => entry(new Date(AT + i * 1000).toISOString());

describe.each(BACKENDS)('reports on $name', ({ make }) => {
  const t = suiteDb(make);

  it('files one report per reported record, with the venue the server enrolled the device for', async () => {
    const d = await enrolDevice(t.db);
    const staffed = { ...red(2), staff: 'No. 7' } as DecisionEntry;
    const records = chain(d.id, d.venueId, 3, null, (seq) => (seq === 2 ? staffed : green(seq)));
    expect((await t.db.records.ingest(batchOf(records))).ok).toBe(true);
    const { reports } = await t.db.reports.list({ venue: d.venueId }, null);
    expect(reports).toEqual([
      report(expect.any(String), new Date(AT + 2000).toISOString(), {
        venueId: d.venueId,
        venueName: 'Mall',
        region: 'CN-ZJ',
        deviceId: d.id,
        recordId: records[1]!.id,
        colour: 'red',
        maskedName: '李*',
        idLast4: '0420',
        subject: 'ab'.repeat(16),
        rule: 'red-no-entry',
        cite: '001 §2(1)',
        staff: 'No. 7',
        state: 'new',
        delivery: { state: 'none', attempts: 0, lastError: null },
      }),
    ]);
  });

  it('files nothing again for a replayed batch, nor for an amendment of a reported record', async () => {
    const d = await enrolDevice(t.db);
    const first = chain(d.id, d.venueId, 1, null, (seq) => red(seq));
    await t.db.records.ingest(batchOf(first));
    await t.db.records.ingest(batchOf(first));
    const amended = chain(d.id, d.venueId, 1, first[0], (seq) =>
      red(seq, { amends: first[0]!.id, temperature: 38.2 }),
    );
    await t.db.records.ingest(batchOf([...first, ...amended]));
    const { reports } = await t.db.reports.list({ venue: d.venueId }, null);
    expect(reports.map((r) => r.recordId)).toEqual([first[0]!.id]);
  });

  // One report per person at the door, whichever record first asks for it. Yunnan's hospital (002 §4(1),
  // 000 §6(3)1) admits red escorted and reported once the temperature is in (000 §7(2)3): its scan asks for a
  // temperature only, the amendment with the temperature asks for the report. Zhejiang red (001 §2(1)) is
  // reported at the scan; an override admit and a later amendment that asks again file nothing more.
  const waiting = (i: number) =>
    red(i, {
      policy: 'yunnan-2020',
      decision: 'deny',
      actions: ['take-temperature'],
      rules: ['temperature-required'],
    });
  const escorted = (i: number, amends: string, over: Partial<DecisionEntry> = {}) =>
    red(i, {
      policy: 'yunnan-2020',
      decision: 'admit',
      actions: ['escort', 'report'],
      rules: ['red-yellow-medical'],
      temperature: 36.6,
      amends,
      ...over,
    });
  const admitted = (i: number, amends: string) =>
    red(i, {
      decision: 'admit',
      actions: [],
      amends,
      override: { decision: 'admit', engineDecision: 'deny', reason: 'x' },
    });
  const scanned = (i: number) => red(i);
  it.each([
    ['the temperature amendment, in the same batch', [waiting, escorted], [[0, 1]], 1],
    ['the temperature amendment, in a later batch', [waiting, escorted], [[0], [1]], 1],
    ['the temperature amendment, then a deny override', [waiting, escorted, escorted], [[0, 1], [2]], 1],
    ['the scan, not the amendment two records later', [scanned, admitted, escorted], [[0], [1], [2]], 0],
    [
      'the scan, not the amendment two records later (one batch)',
      [scanned, admitted, escorted],
      [[0, 1, 2]],
      0,
    ],
  ] as const)('files one report, from %s', async (_, makers, batches, reporting) => {
    const d = await enrolDevice(t.db);
    const records: DecisionRecord[] = [];
    for (const make of makers) {
      const amends = records[records.length - 1]?.id ?? '';
      const [r] = chain(d.id, d.venueId, 1, records[records.length - 1] ?? null, (seq) => make(seq, amends));
      records.push(r!);
    }
    for (const seqs of batches) {
      const acked = await t.db.records.ingest(batchOf(seqs.map((i) => records[i]!)));
      expect(acked.ok).toBe(true);
    }
    const { reports } = await t.db.reports.list({ venue: d.venueId }, null);
    expect(reports.map((r) => r.recordId)).toEqual([records[reporting]!.id]);
  });

  it('moves new → acknowledged → closed, each change once, and lists what changed since a cursor', async () => {
    const d = await enrolDevice(t.db);
    await t.db.records.ingest(batchOf(chain(d.id, d.venueId, 2, null, (seq) => red(seq))));
    const page = await t.db.reports.list({ venue: d.venueId }, null);
    const [newer, older] = page.reports;
    const acked = await t.db.reports.acknowledge(older!.id, 'authority-1', AT);
    expect(acked).toMatchObject({
      changed: true,
      report: { state: 'acknowledged', acknowledgedBy: 'authority-1' },
    });
    expect((await t.db.reports.acknowledge(older!.id, 'someone-else', AT))?.changed).toBe(false);
    const closed = await t.db.reports.close(
      older!.id,
      'authority-1',
      'handed to the community office',
      AT + 1,
    );
    expect(closed?.report).toMatchObject({
      state: 'closed',
      acknowledgedBy: 'authority-1',
      closedBy: 'authority-1',
      closedAt: new Date(AT + 1).toISOString(),
      outcome: 'handed to the community office',
    });
    expect((await t.db.reports.close(older!.id, 'x', 'again'))?.changed).toBe(false);
    const since = decodeCursor(page.cursor);
    const changed = await t.db.reports.changes(since, [d.venueId]);
    expect(changed.reports.map((r) => [r.id, r.state])).toEqual([[older!.id, 'closed']]);
    expect((await t.db.reports.changes(decodeCursor(changed.cursor), [d.venueId])).reports).toEqual([]);
    expect(newer!.state).toBe('new');
    expect(await t.db.reports.acknowledge('no-such-report', 'x')).toBeNull();
  });

  it('shows a manager only their venues, and pages newest first with the cursor', async () => {
    const a = await enrolDevice(t.db);
    const b = await enrolDevice(t.db);
    await t.db.records.ingest(batchOf(chain(a.id, a.venueId, 3, null, (seq) => red(seq))));
    await t.db.records.ingest(batchOf(chain(b.id, b.venueId, 1, null, (seq) => red(seq))));
    const mine = await t.db.reports.list({}, [a.venueId]);
    expect(new Set(mine.reports.map((r) => r.venueId))).toEqual(new Set([a.venueId]));
    expect(await t.db.reports.get(mine.reports[0]!.id, [b.venueId])).toBeNull();
    const first = await t.db.reports.list({ limit: 2 }, [a.venueId]);
    const second = await t.db.reports.list({ limit: 2, after: decodeCursor(first.cursor) }, [a.venueId]);
    const ats = [...first.reports, ...second.reports].map((r) => r.at);
    expect(ats).toEqual([...ats].sort().reverse());
    expect(ats).toHaveLength(3);
    expect((await t.db.reports.list({}, [])).reports).toEqual([]);
  });
});
