// How many records the log holds and how many the server has not acknowledged, kept in one `meta` row and
// moved in the same transactions that add, acknowledge and delete records: in Chromium a count() walks every
// key, and at 100,000 records the two counts held the log screen's first page and the syncer's start back.
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

/** The meta key of the counts row. */
export const LOG_COUNTS = 'logCounts';

/**
 * The stored row: the counts and the chain head they were true at. A writer that does not move the counts
 * (a tab still running older code) moves the head, so the counts no longer match it and are counted again.
 */
interface CountsRow extends LogCounts {
  at: ChainHead | null;
}

const sameHead = (a: ChainHead | null, b: ChainHead | null): boolean =>
  a === b || (!!a && !!b && a.deviceId === b.deviceId && a.seq === b.seq && a.hash === b.hash);

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** The stored counts if `value` is a counts row true at `head`, else null (absent, stale or malformed). */
export function currentCounts(value: unknown, head: ChainHead | null): LogCounts | null {
  const v = value as Partial<CountsRow> | null | undefined;
  if (!isCount(v?.records) || !isCount(v.unsynced) || v.unsynced > v.records) return null;
  const at = v.at === null ? null : asChainHead(v.at);
  if ((v.at !== null && !at) || !sameHead(at, head)) return null;
  return { records: v.records, unsynced: v.unsynced };
}

/** The counts row after one record was appended: `counts` (true at the old head) plus one, true at `next`. */
export function countsAfterAppend(counts: LogCounts, next: ChainHead): CountsRow {
  return { records: counts.records + 1, unsynced: counts.unsynced + 1, at: next };
}

/**
 * Moves the counts by `delta` inside the caller's rw transaction over records and meta (after it acknowledged
 * or deleted records). Counts that are absent or stale stay so, and are counted again on the next read.
 */
export async function adjustLogCounts(tx: Transaction, delta: Partial<LogCounts>): Promise<void> {
  const meta = tx.table<{ key: string; value: unknown }, string>('meta');
  const [headRow, row] = await Promise.all([meta.get(CHAIN_HEAD), meta.get(LOG_COUNTS)]);
  const head = asChainHead(headRow?.value);
  const counts = currentCounts(row?.value, head);
  if (!counts) return;
  const next = {
    records: counts.records + (delta.records ?? 0),
    unsynced: counts.unsynced + (delta.unsynced ?? 0),
  };
  // Below zero means the row was wrong before: drop it so that the next read counts again.
  if (next.records < 0 || next.unsynced < 0 || next.unsynced > next.records) await meta.delete(LOG_COUNTS);
  else await meta.put({ key: LOG_COUNTS, value: { ...next, at: head } satisfies CountsRow });
}

/**
 * Counts the records (every key: slow on a long log) and stores the counts, true at the current chain head,
 * which it first stores where it is missing (a new device), so that the next append finds both and moves both.
 */
async function recount(db: CheckpointDb): Promise<LogCounts> {
  return db.transaction('rw', db.records, db.meta, async () => {
    const [headRow, records, unsynced] = await Promise.all([
      db.meta.get(CHAIN_HEAD),
      db.records.count(),
      db.records.where('synced').equals(0).count(),
    ]);
    const head = asChainHead(headRow?.value) ?? (await rebuildChainHead(db));
    await db.meta.put({ key: LOG_COUNTS, value: { records, unsynced, at: head } satisfies CountsRow });
    return { records, unsynced };
  });
}

/** The log's counts: two meta rows read, unless they must be counted again (first use, or a stale row). */
export async function logCounts(db: CheckpointDb = appDb()): Promise<LogCounts> {
  const [headRow, row] = await db.transaction('r', db.meta, () =>
    Promise.all([db.meta.get(CHAIN_HEAD), db.meta.get(LOG_COUNTS)]),
  );
  return currentCounts(row?.value, asChainHead(headRow?.value)) ?? recount(db);
}
