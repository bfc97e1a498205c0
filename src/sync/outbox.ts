// The outbox over the device's decision log: what is still to upload, what the server acknowledged, and the
// dead-letter list of batches the server refused for good (kept forever, shown in the sync widget).
import Dexie from 'dexie';
import type { DecisionRecord } from '../core/log.js';
import { chainedRecord, type CheckpointDb, type StoredRecord } from '../store/db.js';
import { adjustLogCounts, logCounts } from '../store/log-counts.js';

/** A batch the server refused with a 4xx other than "device disabled": parked, never deleted, never resent. */
export interface DeadLetter {
  batchId: string;
  parkedAt: string;
  status: number;
  error: string;
  message: string;
  recordIds: string[];
  firstSeq: number;
  lastSeq: number;
}

/** The uploader's view of the log. */
export interface Outbox {
  /**
   * Records not yet acknowledged and not parked. With `limit`: the oldest `limit` of them by seq, and the oldest
   * `limit` of those that file a report, with the records they amend (the uploader sends those first, 003 §17).
   */
  pending(limit?: number): Promise<DecisionRecord[]>;
  pendingCount(): Promise<number>;
  /** Marks records acknowledged by the server (accepted now, or already held). */
  markSynced(ids: readonly string[]): Promise<void>;
  park(letter: DeadLetter): Promise<void>;
  deadLetters(): Promise<DeadLetter[]>;
  /** Deletes acknowledged records decided before `beforeIso`; unacknowledged ones are never deleted. */
  deleteSyncedBefore(beforeIso: string): Promise<number>;
}

const DEAD_LETTERS = 'sync.deadLetters';

/** The outbox over the app's Dexie database (records with their `synced` marker; dead letters in `meta`). */
export function dexieOutbox(db: CheckpointDb): Outbox {
  const letters = async (): Promise<DeadLetter[]> =>
    ((await db.meta.get(DEAD_LETTERS))?.value as DeadLetter[]) ?? [];
  const parkedIds = async () => new Set((await letters()).flatMap((l) => l.recordIds));
  return {
    async pending(limit) {
      const parked = await parkedIds();
      const waiting = (r: StoredRecord | undefined): r is StoredRecord =>
        !!r && r.synced === 0 && !parked.has(r.id);
      if (limit === undefined)
        return (await db.records.where('synced').equals(0).toArray()).filter(waiting).map(chainedRecord);
      const [oldest, reporting] = await Promise.all([
        db.records
          .where('[synced+deviceId+seq]')
          .between([0, Dexie.minKey, Dexie.minKey], [0, Dexie.maxKey, Dexie.maxKey])
          .filter(waiting)
          .limit(limit)
          .toArray(),
        db.records.where('reportPending').equals(1).filter(waiting).limit(limit).toArray(),
      ]);
      const found = new Map(oldest.map((r) => [r.id, r]));
      for (const r of reporting) {
        for (let x: StoredRecord | undefined = r; waiting(x) && !found.has(x.id);) {
          found.set(x.id, x);
          x = x.amends ? await db.records.get(x.amends) : undefined;
        }
      }
      return [...found.values()].map(chainedRecord);
    },
    async pendingCount() {
      const [{ unsynced }, parked] = await Promise.all([logCounts(db), parkedIds()]);
      return Math.max(0, unsynced - parked.size);
    },
    async markSynced(ids) {
      await db.transaction('rw', db.records, db.meta, async (tx) => {
        // Read and written by key, in two bulk requests: a filtered modify() walks a cursor, one step per record.
        const rows = await db.records.bulkGet([...new Set(ids)]);
        const acked = rows.filter((r): r is StoredRecord => r?.synced === 0);
        const marked = acked.map(({ reportPending: _, ...r }): StoredRecord => ({ ...r, synced: 1 }));
        await db.records.bulkPut(marked);
        const reports = acked.filter((r) => r.reportPending === 1).length;
        await adjustLogCounts(tx, { unsynced: -marked.length, reports: -reports });
      });
    },
    async park(letter) {
      await db.transaction('rw', db.meta, async () => {
        const held = await letters();
        if (!held.some((l) => l.batchId === letter.batchId)) held.push(letter);
        await db.meta.put({ key: DEAD_LETTERS, value: held });
      });
    },
    deadLetters: letters,
    async deleteSyncedBefore(beforeIso) {
      return db.transaction('rw', db.records, db.meta, async (tx) => {
        const deleted = await db.records
          .where('at')
          .below(beforeIso)
          .and((r) => r.synced === 1)
          .delete();
        await adjustLogCounts(tx, { records: -deleted });
        return deleted;
      });
    },
  };
}
