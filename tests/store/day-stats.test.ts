// The log screen's day figures: counted on indexes, with the same answers as reading the day's records would give.
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import type { DecisionEntry } from '../../src/core/log.js';
import { dayStats, type DayStats } from '../../src/store/day-stats.js';
import { appendDecision } from '../../src/store/log.js';
import type { CheckpointDb, StoredRecord } from '../../src/store/db.js';
import { freshDb, olderDb } from '../support/db.js';
import { entry } from '../support/entries.js';

const DAY = new Date(2026, 10, 23, 12);
const at = (h: number, m = 0, d = 23) => new Date(2026, 10, d, h, m).toISOString();
const deny = { decision: 'deny', colour: 'red' } as const;
const misread = { decision: 'deny', result: 'misread', colour: null } as const;

/** A decision to log: its time, fields, and the index of an earlier one in the same list that it amends. */
type Step = [iso: string, over?: Partial<DecisionEntry>, amends?: number];

async function logAll(db: CheckpointDb, steps: Step[]): Promise<StoredRecord[]> {
  const written: StoredRecord[] = [];
  for (const [iso, over = {}, amends] of steps) {
    const target = amends === undefined ? {} : { amends: written[amends]?.id as string };
    const r = await appendDecision(entry(iso, { ...over, ...target }), db);
    if (!r.ok) throw new Error(r.error.message);
    written.push(r.value);
  }
  return written;
}

// The figures as the log screen defined them before the indexes: every record of the day read and judged.
function byReading(records: StoredRecord[], day: Date): DayStats {
  const start = new Date(day.getFullYear(), day.getMonth(), day.getDate()).toISOString();
  const end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).toISOString();
  const rows = records.filter((r) => r.at >= start && r.at < end);
  const superseded = new Set(rows.map((r) => r.amends));
  const stats: DayStats = {
    admitted: 0,
    denied: 0,
    hourly: Array.from({ length: 24 }, () => ({ admitted: 0, denied: 0 })),
  };
  for (const r of rows) {
    const hour = stats.hourly[new Date(r.at).getHours()];
    if (!hour || superseded.has(r.id) || r.result === 'misread') continue;
    const side = r.decision === 'admit' ? 'admitted' : 'denied';
    stats[side]++;
    hour[side]++;
  }
  return stats;
}

describe('dayStats', () => {
  it.each<[string, Step[], [number, number], Record<number, [number, number]>]>([
    [
      'counts admitted and denied per hour, leaving other days out',
      [[at(9, 5)], [at(9, 40), deny], [at(14)], [at(23, 0, 22)], [at(0, 0, 24)]],
      [2, 1],
      { 9: [1, 1], 14: [1, 0], 23: [0, 0] },
    ],
    ['counts a misread not at all', [[at(9)], [at(9, 1), misread]], [1, 0], { 9: [1, 0] }],
    [
      'counts an amended decision once, as amended (temperature, override)',
      [[at(10)], [at(10, 1), { ...deny, temperature: 38.2 }, 0]],
      [0, 1],
      { 10: [0, 1] },
    ],
    [
      'counts an amendment of an amendment once, as last amended',
      [[at(10)], [at(10, 1), deny, 0], [at(10, 2), {}, 1]],
      [1, 0],
      { 10: [1, 0] },
    ],
    [
      'counts an amendment in the next hour there, and not the decision it amends',
      [[at(10, 59)], [at(11), deny, 0]],
      [0, 1],
      { 10: [0, 0], 11: [0, 1] },
    ],
    [
      'leaves a decision of the day before, amended this day, to its own day',
      [[at(23, 59, 22)], [at(0, 1), deny, 0]],
      [0, 1],
      { 0: [0, 1] },
    ],
  ])('%s', async (_, steps, [admitted, denied], hourly) => {
    const db = freshDb();
    await logAll(db, steps);
    const s = await dayStats(DAY, db);
    expect([s.admitted, s.denied]).toEqual([admitted, denied]);
    for (const [h, [a, d]] of Object.entries(hourly))
      expect(s.hourly[Number(h)]).toEqual({ admitted: a, denied: d });
  });

  it('gives the figures that reading every record of the day gives, on a varied log of three days', async () => {
    const db = freshDb();
    const steps: Step[] = [];
    // Deterministic variety: denials, misreads, amendments of recent decisions (some across midnight).
    for (let i = 0; i < 240; i++) {
      const minutes = 20 * 60 + i * 13;
      const time = new Date(2026, 10, 22, 0, minutes).toISOString();
      const over = i % 17 === 0 ? misread : i % 5 === 0 ? deny : {};
      steps.push([time, over, i % 6 === 3 && i > 0 ? i - 1 - (i % 4) : undefined]);
    }
    const written = await logAll(db, steps);
    for (const d of [22, 23, 24, 25]) {
      const day = new Date(2026, 10, d, 8);
      expect(await dayStats(day, db)).toEqual(byReading(written, day));
    }
  });
});

describe('dayStats on a database upgraded from version 4 (a device that already has a log)', () => {
  it('counts the records version 4 wrote, and keeps every one of them as it was', async () => {
    const factory = new IDBFactory();
    const source = freshDb('written', factory);
    const written = await logAll(source, [
      [at(9)],
      [at(9, 30), deny],
      [at(10), misread],
      [at(11)],
      [at(11, 2), deny, 3],
    ]);
    source.close();
    // The records' indexes as version 4 of the app declared them, before the day indexes.
    const v4 = olderDb(
      'device-v4',
      factory,
      4,
      '&id, &[deviceId+seq], at, synced, idLast4, *actions, [synced+deviceId+seq]',
    );
    await v4.table('records').bulkAdd(written);
    v4.close();

    const db = freshDb('device-v4', factory);
    const s = await dayStats(DAY, db);
    expect([s.admitted, s.denied]).toEqual([1, 2]);
    expect(s.hourly[11]).toEqual({ admitted: 0, denied: 1 });
    expect(db.verno).toBe(7);
    const kept = await db.records.toArray();
    expect(kept.sort((a, b) => a.seq - b.seq)).toEqual(written);
  });
});
