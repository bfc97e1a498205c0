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

/**
 * Decision records written per second, one awaited write after another as the door produces them:
 * Checkpoint's appendDecision (chained, strict durability) against plain writes without the chain.
 */
export async function idbBench(opts: { n: number }): Promise<Record<string, number>> {
  const stamp = Date.now();
  const out: Record<string, number> = {};
  const time = async (name: string, write: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 5; i++) await write(-1 - i);
    const start = performance.now();
    for (let i = 0; i < opts.n; i++) await write(i);
    out[name] = (opts.n * 1000) / (performance.now() - start);
  };

  const db = new CheckpointDb(`bench-log-${stamp}`);
  await time('checkpoint', async (i) => {
    const r = await appendDecision(entry(i), db);
    if (!r.ok) throw new Error(`appendDecision failed: ${r.error.message}`);
  });
  db.close();

  for (const durability of ['strict', 'relaxed'] as const) {
    const plain = new Dexie(`bench-plain-${durability}-${stamp}`, {
      chromeTransactionDurability: durability,
    });
    plain.version(1).stores({ records: '&id' });
    await time(`dexie add (${durability})`, (i) =>
      plain.table('records').add({ id: `${stamp}-${i}`, ...entry(i) }),
    );
    plain.close();
  }

  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(`bench-raw-${stamp}`, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('records', { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
  await time(
    'IndexedDB put (strict)',
    (i) =>
      new Promise<void>((resolve, reject) => {
        const tx = raw.transaction('records', 'readwrite', { durability: 'strict' });
        tx.objectStore('records').put({ id: `${stamp}-${i}`, ...entry(i) });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('write failed'));
      }),
  );
  raw.close();
  return out;
}
