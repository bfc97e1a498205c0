// The long shift in the page: many decisions through the app's appendDecision, then what the log costs.
import { CheckpointDb } from '../../../src/store/db.js';
import { appendDecision, recordsPage, searchLast4 } from '../../../src/store/log.js';
import { sampleEntry } from '../../../tests/support/entries.js';

/** What the soak measured. */
export interface SoakFigures {
  n: number;
  appends_per_s: number;
  bytes_per_record: number | null;
  search_ms: number[];
  search_hits: number[];
  page_ms: number[];
}

async function usage(): Promise<number | null> {
  const e = await navigator.storage?.estimate?.();
  return e?.usage ?? null;
}

/**
 * Writes `n` decisions (sample entries: a thousand venues' worth of last-4 digits, a second apart) one after
 * another through appendDecision, then times searches by last 4 digits and the log's first page.
 */
export async function soakBench(opts: { n: number }): Promise<SoakFigures> {
  const db = new CheckpointDb(`bench-soak-${Date.now()}`);
  const before = await usage();
  const start = performance.now();
  for (let i = 0; i < opts.n; i++) {
    const r = await appendDecision(sampleEntry(i, 'soak-venue'), db);
    if (!r.ok) throw new Error(`appendDecision failed at ${i}: ${r.error.message}`);
  }
  const appends_per_s = (opts.n * 1000) / (performance.now() - start);
  const after = await usage();
  const search_ms: number[] = [];
  const search_hits: number[] = [];
  for (const last4 of ['1000', '4321', '9999', '5555', '1234']) {
    const t = performance.now();
    const rows = await searchLast4(last4, 200, db);
    search_ms.push(performance.now() - t);
    search_hits.push(rows.length);
  }
  const page_ms: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    await recordsPage(0, 50, db);
    page_ms.push(performance.now() - t);
  }
  db.close();
  return {
    n: opts.n,
    appends_per_s,
    bytes_per_record: before !== null && after !== null ? (after - before) / opts.n : null,
    search_ms,
    search_hits,
    page_ms,
  };
}
