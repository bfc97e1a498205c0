// The log's running counts (src/store/log-counts.ts): the records held, those the server has not acknowledged and
// the reports among them, kept in the chain head's meta row, which every append, acknowledgement and purge moves in its own transaction,
// and counted again from the records whenever that row was written without them.
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { chainRecord } from '../../src/core/log.js';
import { CHAIN_HEAD, type CheckpointDb } from '../../src/store/db.js';
import { setDeviceId } from '../../src/store/device.js';
import type { DecisionEntry } from '../../src/core/log.js';
import { appendDecision, recordCount, reportsWaiting, unsyncedCount } from '../../src/store/log.js';
import { logCounts, type LogCounts } from '../../src/store/log-counts.js';
import { dexieOutbox } from '../../src/sync/outbox.js';
import { freshDb, olderDb } from '../support/db.js';
import { entry, RED } from '../support/entries.js';

const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 10, day, 8, minute)).toISOString();

/** The counts as the records say, walking every one (what the row spares the app). */
async function counted(db: CheckpointDb) {
  return {
    records: await db.records.count(),
    unsynced: await db.records.where('synced').equals(0).count(),
    reports: await db.records.where('reportPending').equals(1).count(),
  };
}

async function append(db: CheckpointDb, when: string, over: Partial<DecisionEntry> = {}) {
  const r = await appendDecision(entry(when, over), db);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** What a day at the door does to the log, step by step. */
type Step =
  | { append: number }
  | { report: number }
  | { ack: 'oldest'; n: number }
  | { ack: 'again' }
  | { ack: 'twice in one answer'; n: number }
  | { ack: 'unknown' }
  | { purgeBefore: number };

async function run(db: CheckpointDb, steps: readonly Step[]) {
  const outbox = dexieOutbox(db);
  let day = 1;
  let acked: string[] = [];
  for (const step of steps) {
    if ('append' in step) for (let i = 0; i < step.append; i++) await append(db, at(day++));
    else if ('report' in step) for (let i = 0; i < step.report; i++) await append(db, at(day++), RED);
    else if ('purgeBefore' in step) await outbox.deleteSyncedBefore(at(step.purgeBefore));
    else if (step.ack === 'oldest') {
      acked = (await outbox.pending(step.n)).map((r) => r.id);
      await outbox.markSynced(acked);
    } else if (step.ack === 'twice in one answer') {
      acked = (await outbox.pending(step.n)).map((r) => r.id);
      await outbox.markSynced([...acked, ...acked]);
    } else await outbox.markSynced(step.ack === 'again' ? acked : ['not-a-record-id']);
  }
}

describe('the counts', () => {
  it.each<[string, Step[], LogCounts]>([
    ['a fresh device', [], { records: 0, unsynced: 0, reports: 0 }],
    ['three decisions logged', [{ append: 3 }], { records: 3, unsynced: 3, reports: 0 }],
    [
      'two of five acknowledged',
      [{ append: 5 }, { ack: 'oldest', n: 2 }],
      { records: 5, unsynced: 3, reports: 0 },
    ],
    [
      'an acknowledgement repeated (the server answers duplicates for records it already holds)',
      [{ append: 5 }, { ack: 'oldest', n: 2 }, { ack: 'again' }],
      { records: 5, unsynced: 3, reports: 0 },
    ],
    [
      'an answer naming a record twice (accepted and duplicate)',
      [{ append: 4 }, { ack: 'twice in one answer', n: 2 }],
      { records: 4, unsynced: 2, reports: 0 },
    ],
    [
      'an acknowledgement of an id the log does not hold',
      [{ append: 2 }, { ack: 'unknown' }],
      { records: 2, unsynced: 2, reports: 0 },
    ],
    [
      'the purge of acknowledged records past retention, never the unacknowledged',
      [{ append: 6 }, { ack: 'oldest', n: 4 }, { purgeBefore: 6 }],
      { records: 2, unsynced: 2, reports: 0 },
    ],
    [
      'logging goes on after a purge',
      [{ append: 4 }, { ack: 'oldest', n: 4 }, { purgeBefore: 5 }, { append: 3 }, { ack: 'oldest', n: 1 }],
      { records: 3, unsynced: 2, reports: 0 },
    ],
    [
      'reports logged among other decisions',
      [{ append: 2 }, { report: 3 }],
      { records: 5, unsynced: 5, reports: 3 },
    ],
    [
      'reports acknowledged with the rest (the uploader sends them first)',
      [{ append: 3 }, { report: 2 }, { ack: 'oldest', n: 2 }],
      { records: 5, unsynced: 1, reports: 0 },
    ],
    [
      'a report acknowledged twice',
      [{ report: 2 }, { ack: 'oldest', n: 1 }, { ack: 'again' }],
      { records: 2, unsynced: 1, reports: 1 },
    ],
  ])('after %s, are what the records say', async (_, steps, expected) => {
    const db = freshDb();
    await logCounts(db); // the row exists from the start, so each step below moves it
    await run(db, steps);
    // The row itself, as the steps' own transactions left it (nothing counted since).
    expect((await db.meta.get(CHAIN_HEAD))?.value).toMatchObject(expected);
    expect(await logCounts(db)).toEqual(expected);
    expect(await counted(db)).toEqual(expected);
    expect({
      records: await recordCount(db),
      unsynced: await unsyncedCount(db),
      reports: await reportsWaiting(db),
    }).toEqual(expected);
  });

  it('are read from the head row once they are there, not counted from the records', async () => {
    const db = freshDb();
    await run(db, [{ append: 3 }]);
    await logCounts(db);
    const row = (await db.meta.get(CHAIN_HEAD))?.value as object;
    // Counts that the records contradict: only a reader of the row returns them.
    await db.meta.put({ key: CHAIN_HEAD, value: { ...row, records: 70, unsynced: 40, reports: 9 } });
    expect(await logCounts(db)).toEqual({ records: 70, unsynced: 40, reports: 9 });
    expect(await reportsWaiting(db)).toBe(9);
    expect(await dexieOutbox(db).pendingCount()).toBe(40);
  });

  it('stay true when decisions, acknowledgements and the purge race each other', async () => {
    const db = freshDb();
    await run(db, [{ append: 10 }]);
    await logCounts(db);
    const outbox = dexieOutbox(db);
    const first = (await outbox.pending(6)).map((r) => r.id);
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => append(db, at(20, i))),
      outbox.markSynced(first.slice(0, 3)),
      outbox.markSynced(first.slice(2)),
      outbox.deleteSyncedBefore(at(3)),
    ]);
    expect(await logCounts(db)).toEqual(await counted(db));
  });

  it('are shared by two tabs writing to one log', async () => {
    const factory = new IDBFactory();
    const tabs = [freshDb('counts-two-tabs', factory), freshDb('counts-two-tabs', factory)] as const;
    await Promise.all(Array.from({ length: 12 }, (_, i) => append(tabs[i % 2]!, at(1, i))));
    await dexieOutbox(tabs[1]).markSynced((await dexieOutbox(tabs[0]).pending(5)).map((r) => r.id));
    expect(await logCounts(tabs[0])).toEqual({ records: 12, unsynced: 7, reports: 0 });
    expect(await logCounts(tabs[1])).toEqual({ records: 12, unsynced: 7, reports: 0 });
  });
});

describe('counting again', () => {
  it.each<[string, (row: Record<string, unknown>) => unknown]>([
    [
      'without counts (as older code and enrolment write it)',
      ({ deviceId, seq, hash }) => ({ deviceId, seq, hash }),
    ],
    ['with counts that are not whole numbers', (row) => ({ ...row, records: 'twelve' })],
    ['with negative counts', (row) => ({ ...row, records: -1, unsynced: 0 })],
    ['with more unsynced than held', (row) => ({ ...row, records: 1, unsynced: 2 })],
    ['with more reports than unsynced', (row) => ({ ...row, reports: 9 })],
    ['without the reports (as this app wrote it before it counted them)', ({ reports: _, ...row }) => row],
  ])('happens when the head row is %s', async (_, rewrite) => {
    const db = freshDb();
    await run(db, [{ append: 4 }, { ack: 'oldest', n: 1 }, { report: 1 }]);
    const row = (await db.meta.get(CHAIN_HEAD))?.value as Record<string, unknown>;
    await db.meta.put({ key: CHAIN_HEAD, value: rewrite(row) });
    expect(await logCounts(db)).toEqual({ records: 5, unsynced: 4, reports: 1 });
    // ...and the counts are stored again, so the next append moves them.
    await append(db, at(9), RED);
    expect((await db.meta.get(CHAIN_HEAD))?.value).toMatchObject({ records: 6, unsynced: 5, reports: 2 });
  });

  it('happens for a device without a chain head yet', async () => {
    const db = freshDb();
    expect(await logCounts(db)).toEqual({ records: 0, unsynced: 0, reports: 0 });
    await append(db, at(1));
    expect((await db.meta.get(CHAIN_HEAD))?.value).toMatchObject({
      seq: 1,
      records: 1,
      unsynced: 1,
      reports: 0,
    });
  });

  it('happens after a tab still running older code appended without moving the counts', async () => {
    const factory = new IDBFactory();
    const db = freshDb('counts-old-tab', factory);
    const first = await append(db, at(1));
    expect(await logCounts(db)).toEqual({ records: 1, unsynced: 1, reports: 0 });
    // Version 5 code: the record and the chain head without the counts.
    const oldTab = olderDb('counts-old-tab', factory, 5, '&id, &[deviceId+seq], at, synced');
    const added = {
      ...chainRecord(entry(at(2)), { id: 'old-tab-1', deviceId: first.deviceId, prev: first }),
      synced: 0,
    };
    await oldTab.transaction('rw', oldTab.table('records'), oldTab.table('meta'), async () => {
      await oldTab.table('records').add(added);
      await oldTab
        .table('meta')
        .put({ key: CHAIN_HEAD, value: { deviceId: first.deviceId, seq: 2, hash: added.hash } });
    });
    expect(await logCounts(db)).toEqual({ records: 2, unsynced: 2, reports: 0 });
    await append(db, at(3));
    expect(await logCounts(db)).toEqual({ records: 3, unsynced: 3, reports: 0 });
  });

  it('happens when enrolment gives the device a new id (a new chain beside the old records)', async () => {
    const db = freshDb();
    await run(db, [{ append: 3 }]);
    await logCounts(db);
    await setDeviceId('enrolled-device', db);
    await append(db, at(5));
    expect(await logCounts(db)).toEqual({ records: 4, unsynced: 4, reports: 0 });
  });
});
