// The long shift's writer, served from the app's own origin (bench/soak.mjs copies this page into the app it
// serves): decisions appended to the app's database through src/store appendDecision, as the scan screen does,
// and the origin's storage usage.
import { appDb } from '../../../src/store/db.js';
import { appendDecision, recordsPage, searchLast4 } from '../../../src/store/log.js';
import { DEVICE_RETENTION_DAYS } from '../../../src/sync/syncer.js';
import { dexieOutbox } from '../../../src/sync/outbox.js';
import { sampleEntry } from '../../../tests/support/entries.js';

/** What one write stretch did. */
export interface SoakWrite {
  n: number;
  appends_per_s: number;
  first_seq: number;
  last_seq: number;
  /** navigator.storage.estimate() usage before and after, bytes. */
  usage_before: number | null;
  usage_after: number | null;
  /** The store's own queries on the full log, data only (no screen): searchLast4 and the log's first page. */
  search_ms: number[];
  page_ms: number[];
}

async function usage(): Promise<number | null> {
  const e = await navigator.storage?.estimate?.();
  return e?.usage ?? null;
}

async function timed(op: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await op();
  return performance.now() - t;
}

/**
 * Appends `n` sample decisions (a red one in 7, reported; a yellow in 11; a thousand-odd last-4s) at `venueId` into the
 * app's database ('checkpoint', the enrolled device's chain), evenly spaced in time from `fromMs` to `toMs`,
 * one after another through appendDecision (strict durability), as the scan screen appends each decision.
 */
async function write(opts: { n: number; venueId: string; fromMs: number; toMs: number }): Promise<SoakWrite> {
  const db = appDb();
  const before = await usage();
  const step = opts.n > 1 ? (opts.toMs - opts.fromMs) / (opts.n - 1) : 0;
  let first = 0;
  let last = 0;
  const start = performance.now();
  for (let i = 0; i < opts.n; i++) {
    const at = new Date(Math.round(opts.fromMs + i * step)).toISOString();
    const r = await appendDecision({ ...sampleEntry(i, opts.venueId), at }, db);
    if (!r.ok) throw new Error(`appendDecision failed at ${i}: ${r.error.kind} ${r.error.message}`);
    if (i === 0) first = r.value.seq;
    last = r.value.seq;
  }
  const appends_per_s = (opts.n * 1000) / (performance.now() - start);
  const after = await usage();
  const search_ms: number[] = [];
  for (const last4 of ['1000', '4321', '9999', '5555', '1234'])
    search_ms.push(await timed(() => searchLast4(last4, 200, db)));
  const page_ms: number[] = [];
  for (let k = 0; k < 5; k++) page_ms.push(await timed(() => recordsPage(0, 50, db)));
  return {
    n: opts.n,
    appends_per_s,
    first_seq: first,
    last_seq: last,
    usage_before: before,
    usage_after: after,
    search_ms,
    page_ms,
  };
}

/**
 * What the syncer does after an upload run, as if `aheadMs` had passed: deletes the acknowledged records older
 * than the device's retention. Resolves with how many it deleted.
 */
function purge(aheadMs: number): Promise<number> {
  const before = Date.now() + aheadMs - DEVICE_RETENTION_DAYS * 86_400_000;
  return dexieOutbox(appDb()).deleteSyncedBefore(new Date(before).toISOString());
}

/** The soak's page side: the writer, the purge, and the origin's storage usage (bytes, or null where not reported). */
export const soakBench = { write, purge, usage };
