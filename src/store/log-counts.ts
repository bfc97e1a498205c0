// How many records the log holds and how many the server has not acknowledged, kept beside the chain head in its
// `meta` row and moved in the same transactions that add, acknowledge and delete records: in Chromium a count()
// walks every key, and at 100,000 records the two counts held the log screen's first page and the syncer back.
// In the head's row they cost an append nothing more: the append rewrites that row anyway (a row of their own
// cost 10–13 % of the appends per second).
import type { Transaction } from 'dexie';
import { appDb, asChainHead, CHAIN_HEAD, type ChainHead, type CheckpointDb } from './db.js';
import { rebuildChainHead } from './device.js';

/** The log's two running totals. */
export interface LogCounts {
  /** Records the device holds. */
  records: number;
  /** Records the server has not acknowledged (parked ones included: the outbox subtracts those). */
  unsynced: number;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * The counts the head row holds, or null. Whatever writes the head without them (a tab still running older code,
 * enrolment's new device id, a head found again in the records) leaves none, and the records are counted again.
 */
export function countsIn(headValue: unknown): LogCounts | null {
  const v = headValue as Partial<LogCounts> | null | undefined;
  return isCount(v?.records) && isCount(v.unsynced) && v.unsynced <= v.records
    ? { records: v.records, unsynced: v.unsynced }
    : null;
}

/** The head row's value: the head, with the counts where they are known. */
export function headWithCounts(head: ChainHead, counts: LogCounts | null): ChainHead & Partial<LogCounts> {
  return counts ? { ...head, records: counts.records, unsynced: counts.unsynced } : head;
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
  };
  // Out of range means the counts were wrong before: dropped, so that the next read counts again.
  const valid = next.records >= 0 && next.unsynced >= 0 && next.unsynced <= next.records;
  await meta.put({ key: CHAIN_HEAD, value: headWithCounts(head, valid ? next : null) });
}

/**
 * Counts the records (every key: slow on a long log) and stores the counts with the chain head, which it first
 * finds in the records where it is missing (a new device), so that the next append moves both.
 */
async function recount(db: CheckpointDb): Promise<LogCounts> {
  return db.transaction('rw', db.records, db.meta, async () => {
    const [value, records, unsynced] = await Promise.all([
      db.meta.get(CHAIN_HEAD).then((row) => row?.value),
      db.records.count(),
      db.records.where('synced').equals(0).count(),
    ]);
    const head = asChainHead(value) ?? (await rebuildChainHead(db));
    await db.meta.put({ key: CHAIN_HEAD, value: headWithCounts(head, { records, unsynced }) });
    return { records, unsynced };
  });
}

/** The log's counts: one meta row read, unless they must be counted (first use, or written without them). */
export async function logCounts(db: CheckpointDb = appDb()): Promise<LogCounts> {
  const value = (await db.meta.get(CHAIN_HEAD))?.value;
  return (asChainHead(value) && countsIn(value)) ?? recount(db);
}
