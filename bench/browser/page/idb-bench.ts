// Decision-log writes measured in the page: the app's appendDecision against plain IndexedDB writes.
import Dexie from 'dexie';
import type { DecisionEntry } from '../../../src/core/log.js';
import { CheckpointDb } from '../../../src/store/db.js';
import { appendDecision } from '../../../src/store/log.js';
import { entry as decisionEntry } from '../../../tests/support/entries.js';

/** The i-th decision written: a green code admitted, a second after the one before. */
const entry = (i: number): DecisionEntry =>
  decisionEntry(new Date(Date.UTC(2026, 10, 23, 9, 0, i)).toISOString(), {
    venueId: 'bench-venue',
    temperature: 36.5,
  });

/** How many writes each writer makes in a row before the next writer's turn. */
const BLOCK = 50;

/**
 * Decision records written per second, one awaited write after another as the door produces them:
 * Checkpoint's appendDecision (chained, strict durability) against plain writes without the chain. The writers
 * take turns in blocks of BLOCK, the first of each round rotating: Chromium keeps an origin's databases in one
 * LevelDB, whose flushes and compactions fall on whoever writes at the time. Run one after the other, the
 * writers' order and the log's indexes decided which of them the flushes hit, and moved the ratio by a third.
 */
export async function idbBench(opts: { n: number }): Promise<Record<string, number>> {
  const stamp = Date.now();
  const db = new CheckpointDb(`bench-log-${stamp}`);
  const plain = (['strict', 'relaxed'] as const).map((durability) => {
    const d = new Dexie(`bench-plain-${durability}-${stamp}`, { chromeTransactionDurability: durability });
    d.version(1).stores({ records: '&id' });
    return [durability, d] as const;
  });
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(`bench-raw-${stamp}`, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('records', { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
  const writers: [string, (i: number) => Promise<unknown>][] = [
    [
      'checkpoint',
      async (i) => {
        const r = await appendDecision(entry(i), db);
        if (!r.ok) throw new Error(`appendDecision failed: ${r.error.message}`);
      },
    ],
    ...plain.map(
      ([durability, d]) =>
        [
          `dexie add (${durability})`,
          (i: number) => d.table('records').add({ id: `${stamp}-${i}`, ...entry(i) }),
        ] as [string, (i: number) => Promise<unknown>],
    ),
    [
      'IndexedDB put (strict)',
      (i) =>
        new Promise<void>((resolve, reject) => {
          const tx = raw.transaction('records', 'readwrite', { durability: 'strict' });
          tx.objectStore('records').put({ id: `${stamp}-${i}`, ...entry(i) });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error ?? new Error('write failed'));
        }),
    ],
  ];
  // Warm-up: each database opened and written once before anything is timed.
  for (const [, write] of writers) for (let i = 0; i < 5; i++) await write(-1 - i);
  const ms = new Map(writers.map(([name]) => [name, 0]));
  const rounds = Math.ceil(opts.n / BLOCK);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < writers.length; k++) {
      const [name, write] = writers[(round + k) % writers.length]!;
      const from = round * BLOCK;
      const to = Math.min(opts.n, from + BLOCK);
      const start = performance.now();
      for (let i = from; i < to; i++) await write(i);
      ms.set(name, (ms.get(name) ?? 0) + performance.now() - start);
    }
  }
  db.close();
  for (const [, d] of plain) d.close();
  raw.close();
  return Object.fromEntries([...ms].map(([name, t]) => [name, (opts.n * 1000) / t]));
}
