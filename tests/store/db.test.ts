// The device's database (src/store/db.ts): the `reportPending` mark the reports waiting are counted on, and the
// upgrade that gives a log written by an earlier version its marks (version 6) and drops the actions index (7).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { checkChain, type DecisionEntry } from '../../src/core/log.js';
import { chainedRecord, type CheckpointDb } from '../../src/store/db.js';
import { reportsWaiting } from '../../src/store/log.js';
import { dexieOutbox } from '../../src/sync/outbox.js';
import { freshDb } from '../support/db.js';
import { logSteps, updatedFromVersion5, updateFromVersion5, type Step } from '../support/update-v5.js';
import { RED, YELLOW } from '../support/entries.js';

/** The seqs the `reportPending` index holds. */
const marked = async (db: CheckpointDb) =>
  (await db.records.where('reportPending').equals(1).toArray()).map((r) => r.seq).sort((a, b) => a - b);

// 000 §7(2)3: a red code held for the temperature first, reported by the amendment (002 §4(1), 000 §6(3)1).
const held: Partial<DecisionEntry> = { colour: 'red', decision: 'deny', actions: ['take-temperature'] };

describe('the reportPending mark: on the record that files its decision’s report (003 §17)', () => {
  it.each<[string, number[], Step[]]>([
    ['a green code admitted', [], [{}]],
    ['a yellow code sent to a test (001 §2(2))', [], [YELLOW]],
    ['a red code reported (001 §2(1))', [1], [RED]],
    ['a manual entry that asks for a report', [1], [{ ...RED, source: 'manual' }]],
    [
      'held for the temperature, then reported by the amendment',
      [2],
      [held, { ...RED, amendsPrevious: true }],
    ],
    ['reported, then a deny override asking again: one report', [1], [RED, { ...RED, amendsPrevious: true }]],
    ['two people reported', [1, 2], [RED, RED]],
  ])('%s: marks seqs %j', async (_, seqs, steps) => {
    const db = freshDb();
    const written = await logSteps(db, steps);
    expect(await marked(db)).toEqual(seqs);
    expect(written.filter((r) => r.reportPending === 1).map((r) => r.seq)).toEqual(seqs);
    expect(await reportsWaiting(db)).toBe(seqs.length);
  });

  it('is taken off when the server acknowledges the record, so the index keeps only those still waiting', async () => {
    const db = freshDb();
    const written = await logSteps(db, [RED, {}, RED, YELLOW, RED]);
    const outbox = dexieOutbox(db);
    expect(await marked(db)).toEqual([1, 3, 5]);
    await outbox.markSynced([written[0]!.id, written[1]!.id, written[2]!.id]);
    expect(await marked(db)).toEqual([5]);
    expect(await reportsWaiting(db)).toBe(1);
    const synced = await db.records.get(written[0]!.id);
    expect(synced).toEqual({ ...chainedRecord(written[0]!), synced: 1 });
  });

  it('is not part of the record the uploader chains and sends', async () => {
    const db = freshDb();
    await logSteps(db, [RED, {}, RED]);
    const batch = await dexieOutbox(db).pending(500);
    expect(batch.map((r) => Object.keys(r).filter((k) => k === 'reportPending' || k === 'synced'))).toEqual([
      [],
      [],
      [],
    ]);
    expect(
      checkChain(
        [...batch].sort((a, b) => a.seq - b.seq),
        null,
      ),
    ).toBeNull();
  });
});

describe('opening a log written by version 5 (before the mark)', () => {
  it('marks the unsynced records that file a report, changes nothing else, and drops the actions index', async () => {
    const seen = await updateFromVersion5({ indexedDB: new IDBFactory(), IDBKeyRange });
    expect(seen).toEqual(updatedFromVersion5(seen.before));
  });
});
