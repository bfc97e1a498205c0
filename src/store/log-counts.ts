// How many records the log holds, how many the server has not acknowledged and how many of those file a report,
// kept beside the chain head in its `meta` row and moved in the same transactions that add, acknowledge and delete
// records: in Chromium a count() walks every key, and at 100,000 records the counts held the log screen's first
// page and the syncer back (and 14,000 reports waiting, counted at each opening of the scan screen, the log's).
// In the head's row they cost an append nothing more: the append rewrites that row anyway (a row of their own
// cost 10–13 % of the appends per second).
import type { Transaction } from 'dexie';
import { appDb, asChainHead, CHAIN_HEAD, type ChainHead, type CheckpointDb } from './db.js';
import { rebuildChainHead } from './device.js';

/** The log's running totals. */
export interface LogCounts {
  /** Records the device holds. */
  records: number;
  /** Records the server has not acknowledged (parked ones included: the outbox subtracts those). */
  unsynced: number;
  /** Of those, the records that file a report (marked `reportPending`): the reports waiting to send. */
  reports: number;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * The counts the head row holds, or null. Whatever writes the head without them (a tab still running older code,
 * enrolment's new device id, a head found again in the records) leaves none, and the records are counted again.
 */
export function countsIn(headValue: unknown): LogCounts | null {
  const v = headValue as Partial<LogCounts> | null | undefined;
  if (!isCount(v?.records) || !isCount(v.unsynced) || !isCount(v.reports)) return null;
  const counts = { records: v.records, unsynced: v.unsynced, reports: v.reports };
  return inRange(counts) ? counts : null;
}

// Each count within the one it is part of: reports ≤ unsynced ≤ records.
function inRange(c: LogCounts): boolean {
  return (
    c.records >= 0 && c.unsynced >= 0 && c.reports >= 0 && c.unsynced <= c.records && c.reports <= c.unsynced
  );
}

/** The head row's value: the head, with the counts where they are known. */
export function headWithCounts(head: ChainHead, counts: LogCounts | null): ChainHead & Partial<LogCounts> {
  return counts ? { ...head, ...counts } : head;
}

/**
 * Moves the counts by `delta` inside the caller's rw transaction over records and meta (after it acknowledged
 * or deleted records). Counts that are absent stay so, and are counted on the next read.
 */
export async function adjustLogCounts(tx: Transaction, delta: Partial<LogCounts>): Promise<void> {
  const meta = tx.table<{ key: string; value: unknown }, string>('meta');
  const value = (await meta.get(CHAIN_HEAD))?.value;
  const head = asChainHead(value);
  const counts = countsIn(value);
  if (!head || !counts) return;
  const next = {
    records: counts.records + (delta.records ?? 0),
    unsynced: counts.unsynced + (delta.unsynced ?? 0),
    reports: counts.reports + (delta.reports ?? 0),
  };
  // Out of range means the counts were wrong before: dropped, so that the next read counts again.
  await meta.put({ key: CHAIN_HEAD, value: headWithCounts(head, inRange(next) ? next : null) });
}

/**
 * Counts the records (every key: slow on a long log) and stores the counts with the chain head, which it first
 * finds in the records where it is missing (a new device), so that the next append moves both.
 */
async function recount(db: CheckpointDb): Promise<LogCounts> {
  return db.transaction('rw', db.records, db.meta, async () => {
    const [value, records, unsynced, reports] = await Promise.all([
      db.meta.get(CHAIN_HEAD).then((row) => row?.value),
      db.records.count(),
      db.records.where('synced').equals(0).count(),
      db.records.where('reportPending').equals(1).count(),
    ]);
    const head = asChainHead(value) ?? (await rebuildChainHead(db));
    const counts = { records, unsynced, reports };
    await db.meta.put({ key: CHAIN_HEAD, value: headWithCounts(head, counts) });
    return counts;
  });
}

/** The log's counts: one meta row read, unless they must be counted (first use, or written without them). */
export async function logCounts(db: CheckpointDb = appDb()): Promise<LogCounts> {
  const value = (await db.meta.get(CHAIN_HEAD))?.value;
  return (asChainHead(value) && countsIn(value)) ?? recount(db);
}
