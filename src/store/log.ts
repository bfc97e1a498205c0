// The decision log: every decision appended to the device's hash chain before it is shown, and read back for the log screen.
import { v7 as uuidv7 } from 'uuid';
import { chainRecord, type DecisionEntry } from '../core/log.js';
import { err, ok, type Result } from '../core/result.js';
import { filesItsReport } from '../core/report.js';
import {
  appDb,
  asChainHead,
  CHAIN_HEAD,
  type ChainHead,
  type CheckpointDb,
  type StoredRecord,
} from './db.js';
import { rebuildChainHead } from './device.js';
import { countsIn, headWithCounts, logCounts } from './log-counts.js';

/** Why a decision could not be logged: storage full, refused (private mode), stuck (blocked by another tab), or else. */
export interface LogWriteError {
  kind: 'quota' | 'unavailable' | 'timeout' | 'failed';
  message: string;
}

/** How long a log write may take before the decision is shown as not recorded (staff cannot wait longer). */
export const LOG_WRITE_TIMEOUT_MS = 5000;

function classify(e: unknown): LogWriteError {
  const error = e as { name?: string; message?: string; inner?: { name?: string } } | null;
  const names = [error?.name, error?.inner?.name];
  const message = error?.message ?? String(e);
  if (names.includes('QuotaExceededError')) return { kind: 'quota', message };
  if (names.includes('TimeoutError')) return { kind: 'timeout', message };
  if (names.some((n) => n === 'MissingAPIError' || n === 'InvalidStateError' || n === 'SecurityError'))
    return { kind: 'unavailable', message };
  return { kind: 'failed', message };
}

/** The result of an IndexedDB request, once it has succeeded. */
function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Adds the record after the stored chain head and moves the head to it, in one rw transaction (so two tabs
 * never take the same seq); null when there is no head yet. Resolves once the transaction is durable.
 */
function appendAtHead(entry: DecisionEntry, db: CheckpointDb): Promise<StoredRecord | null> {
  // The requests go straight to Dexie's IDBTransaction: Dexie's table calls cost more than the disk here (each
  // passes its middleware and zone bookkeeping). Dexie still opens the database, sets strict durability, and
  // aborts the whole transaction when either write fails, so the head never moves without its record.
  return db.transaction('rw', db.records, db.meta, (tx) => {
    const meta = tx.idbtrans.objectStore('meta');
    const records = tx.idbtrans.objectStore('records');
    const id = uuidv7();
    // Only an amendment that asks for a report reads anything here: the records it amends.
    type Amended = Pick<StoredRecord, 'id' | 'amends' | 'actions'>;
    const find = (key: string) => settled<Amended | undefined>(records.get(key));
    return Promise.all([
      settled<{ value?: unknown } | undefined>(meta.get(CHAIN_HEAD)),
      filesItsReport<Amended>({ id, amends: entry.amends, actions: entry.actions }, find),
    ]).then(([row, files]) => {
      const head = asChainHead(row?.value);
      if (!head) return null;
      const record: StoredRecord = {
        ...chainRecord(entry, { id, deviceId: head.deviceId, prev: head.seq > 0 ? head : null }),
        synced: 0,
        ...(files ? { reportPending: 1 as const } : {}),
      };
      const next: ChainHead = { deviceId: head.deviceId, seq: record.seq, hash: record.hash };
      // The log's counts ride in the head's row (store/log-counts.ts): one more record, one more to upload, and
      // one more report waiting if it files one.
      const counts = countsIn(row?.value);
      const moved = counts && {
        records: counts.records + 1,
        unsynced: counts.unsynced + 1,
        reports: counts.reports + (files ? 1 : 0),
      };
      return Promise.all([
        settled(records.add(record)),
        settled(meta.put({ key: CHAIN_HEAD, value: headWithCounts(next, moved) })),
      ]).then(() => record);
    });
  });
}

/** Null for a write refused by the unique [deviceId+seq] index (the head was stale); rethrows anything else. */
function staleHead(e: unknown): null {
  const error = e as { name?: string; inner?: { name?: string } } | null;
  if (error?.name === 'ConstraintError' || error?.inner?.name === 'ConstraintError') return null;
  throw e;
}

/**
 * Appends a decision to the chain: seq and prevHash are read and the record written in one rw transaction,
 * so two tabs can never give two records the same place. Resolves once the write is durable.
 */
export async function appendDecision(
  entry: DecisionEntry,
  db: CheckpointDb = appDb(),
  timeoutMs = LOG_WRITE_TIMEOUT_MS,
): Promise<Result<StoredRecord, LogWriteError>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // An open blocked by another tab's connection never settles; the person at the door cannot wait for it.
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject({ name: 'TimeoutError', message: `the log write took over ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const write = async (): Promise<StoredRecord> => {
    // A tab still running the code before the chain head adds records without moving it; the next write
    // after the stale head is refused by the seq index, and the head is found again in the records.
    const written = await appendAtHead(entry, db).catch(staleHead);
    if (written) return written;
    await rebuildChainHead(db);
    const retried = await appendAtHead(entry, db);
    if (retried) return retried;
    throw { name: 'UnknownError', message: 'the chain head was not stored' };
  };
  try {
    return ok(await Promise.race([write(), stuck]));
  } catch (e) {
    return err(classify(e));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How many records the server has not yet acknowledged, parked ones included (the outbox's `pendingCount` leaves
 * those out: they are never sent again).
 */
export async function unsyncedCount(db: CheckpointDb = appDb()): Promise<number> {
  return (await logCounts(db)).unsynced;
}

/**
 * How many reports (003 §17) wait to send: unsynced records that file their decision's report (they ask for one
 * and none of the records they amend asked already: one report per person at the door, see core/report.ts), the
 * records marked `reportPending`. The uploader sends them first. Read from the log's counts (store/log-counts.ts).
 */
export async function reportsWaiting(db: CheckpointDb = appDb()): Promise<number> {
  return (await logCounts(db)).reports;
}

/** How many records the device holds. */
export async function recordCount(db: CheckpointDb = appDb()): Promise<number> {
  return (await logCounts(db)).records;
}

/** A page of records, newest first: for the log list, which only asks for the rows it shows. */
export function recordsPage(
  offset: number,
  limit: number,
  db: CheckpointDb = appDb(),
): Promise<StoredRecord[]> {
  return db.records.orderBy('at').reverse().offset(offset).limit(limit).toArray();
}

/** Records whose document ends in `last4` (for tracing, 000 §7(4)), newest first. */
export async function searchLast4(
  last4: string,
  limit = 200,
  db: CheckpointDb = appDb(),
): Promise<StoredRecord[]> {
  const rows = await db.records.where('idLast4').equalsIgnoreCase(last4.trim()).toArray();
  return rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}
