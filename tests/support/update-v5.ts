// A device's update from a log written by version 5 of the database (before the report marks of version 6 and
// the dropped actions index of version 7), as one scenario: tests/store/db.test.ts runs it on fake IndexedDB,
// tests/e2e/store-update.test.ts on Chromium's own, in a page (so nothing here imports a test runner); and the
// step-by-step log writer both use.
import Dexie from 'dexie';
import type { DecisionEntry } from '../../src/core/log.js';
import { chainedRecord, CheckpointDb, DAY_INDEXES, type StoredRecord } from '../../src/store/db.js';
import { appendDecision, reportsWaiting } from '../../src/store/log.js';
import { dexieOutbox } from '../../src/sync/outbox.js';
import { atMinute, entry, RED, YELLOW } from './entries.js';

/** Where the databases live: fake-indexeddb's factory in Node, the page's own IndexedDB in Chromium. */
export interface Idb {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
}

/** The records' indexes as version 5 of the app declared them. */
const VERSION_5 = `&id, &[deviceId+seq], at, synced, idLast4, *actions, [synced+deviceId+seq], ${DAY_INDEXES}`;

/** Database `name` in `idb` as an earlier version of the app declared it (`records`: that version's indexes). */
export function olderDbIn(name: string, idb: Idb, version: number, records: string): Dexie {
  const db = new Dexie(name, idb);
  db.version(version).stores({ records, trust: '&id', meta: '&key' });
  return db;
}

/** A step of a log: an entry's changes, and whether it amends the record logged just before it. */
export type Step = Partial<DecisionEntry> & { amendsPrevious?: boolean };

/** Writes `steps` through the app's appendDecision, step i at minute i (atMinute); the records as written. */
export async function logSteps(db: CheckpointDb, steps: Step[]): Promise<StoredRecord[]> {
  const written: StoredRecord[] = [];
  for (const [i, { amendsPrevious, ...over }] of steps.entries()) {
    const amends = amendsPrevious ? { amends: written[i - 1]!.id } : {};
    const r = await appendDecision(entry(atMinute(i), { ...over, ...amends }), db);
    if (!r.ok) throw new Error(r.error.message);
    written.push(r.value);
  }
  return written;
}

// Seqs 1–7: reds at 1, 3, 5 and 6; seq 7 amends seq 6 and asks again, so it files nothing (003 §17).
const LOG: Step[] = [RED, {}, RED, YELLOW, RED, RED, { ...RED, amendsPrevious: true }];

/** The seqs version 5 had seen acknowledged: their reports were sent, whatever they asked. */
const ACKNOWLEDGED = [1, 2];

/** What the device holds once the update has run. */
export interface UpdateSeen {
  /** The records as version 5 kept them (no marks), sorted by seq. */
  before: StoredRecord[];
  /** The same records after the update, sorted by seq. */
  after: StoredRecord[];
  /** The seqs the `reportPending` index holds. */
  marked: number[];
  /** The reports-waiting figure the scan screen shows. */
  waiting: number;
  verno: number;
  /** Whether the records still have the `*actions` index. */
  actionsIndex: boolean;
  /** The seqs of the uploader's next batch of 2 (the oldest waiting, and the oldest reports). */
  outbox: number[];
}

const bySeq = <T extends { seq: number }>(rows: T[]): T[] => [...rows].sort((a, b) => a.seq - b.seq);

/**
 * Writes LOG through the app's appendDecision, stores it under `name` as version 5 kept it (ACKNOWLEDGED synced,
 * no marks), then opens it with the app's database class, which updates it, and reads what the device holds.
 */
export async function updateFromVersion5(idb: Idb, name = 'device-v5'): Promise<UpdateSeen> {
  const source = new CheckpointDb(`${name}-source`, idb);
  const written = await logSteps(source, LOG);
  source.close();
  const before = written.map((r): StoredRecord => ({
    ...chainedRecord(r),
    synced: ACKNOWLEDGED.includes(r.seq) ? 1 : 0,
  }));
  const v5 = olderDbIn(name, idb, 5, VERSION_5);
  await v5.table('records').bulkAdd(before);
  v5.close();

  const db = new CheckpointDb(name, idb);
  try {
    const marked = await db.records.where('reportPending').equals(1).toArray();
    return {
      before,
      after: bySeq(await db.records.toArray()),
      marked: bySeq(marked).map((r) => r.seq),
      waiting: await reportsWaiting(db),
      verno: db.verno,
      actionsIndex: db.records.schema.indexes.some((i) => i.name === 'actions'),
      outbox: bySeq(await dexieOutbox(db).pending(2)).map((r) => r.seq),
    };
  } finally {
    db.close();
  }
}

/**
 * What the update must leave of `before`: seqs 3, 5 and 6 marked (unacknowledged reds that file their report; 7
 * amends 6), nothing else changed, version 7 without the actions index, and in the uploader's next batch of 2 the
 * oldest two waiting (3, 4) and the oldest two reports (3, 5).
 */
export function updatedFromVersion5(before: StoredRecord[]): UpdateSeen {
  const marked = [3, 5, 6];
  return {
    before,
    after: before.map((r) => (marked.includes(r.seq) ? { ...r, reportPending: 1 } : r)),
    marked,
    waiting: marked.length,
    verno: 7,
    actionsIndex: false,
    outbox: [3, 4, 5],
  };
}
