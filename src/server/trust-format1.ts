// A format-1 bundle too large to make on the event loop (a full bundle, or a delta of many changes, for a client
// of the previous app): made in a worker thread (trust-format1-job.ts), one at a time per process, and sent as the
// answer's JSON text, byte for byte what the route's serialiser would have written (issue 11 item 9).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FastifyReply } from 'fastify';
import type { BundleRevocationJson, SignedBundle } from '../core/bundle.js';
import { createSerial } from '../core/serial.js';
import type { ServerDb } from './db/index.js';
import {
  entriesOf,
  format1Answer,
  readPages,
  type Format1Job,
  type RowsMessage,
} from './trust-format1-job.js';
import { sqliteFile } from './trust-build.js';

/** A large bundle: the answer's JSON text as UTF-8, given the text around the bundle (`Format1Job.around`). */
export type LargeBundle = (around: [string, string]) => Promise<Uint8Array>;

/** The compiled worker; absent when the server runs from its TypeScript sources (tests), which build in-thread. */
const WORKER = new URL('./trust-worker.js', import.meta.url);

// One large build at a time in a process: each holds the whole list several times over in memory.
const oneAtATime = createSerial();

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The large bundle of `job` (all but where its rows come from and the text around it), read from `db`. */
export function largeBundle(db: ServerDb, job: Omit<Format1Job, 'task' | 'file' | 'around'>): LargeBundle {
  return (around) =>
    oneAtATime(async () => {
      const file = await sqliteFile(db);
      const full: Format1Job = { ...job, task: 'format1', around, file };
      if (!existsSync(fileURLToPath(WORKER))) {
        const revocations: BundleRevocationJson[] = [];
        await readPages(db.sql, job, (rows) => void revocations.push(...entriesOf(rows)));
        return format1Answer(full, revocations);
      }
      return inWorker(db, full);
    });
}

// Starts the worker; on PostgreSQL reads the rows here, page by page (asynchronous I/O), and sends them on.
function inWorker(db: ServerDb, job: Format1Job): Promise<Uint8Array> {
  const worker = new Worker(WORKER, { workerData: job });
  const answer = new Promise<Uint8Array>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`format-1 bundle: worker exited with code ${code}`)));
  });
  if (job.file) return answer;
  const send = (rows: RowsMessage['rows']) => worker.postMessage({ rows } satisfies RowsMessage);
  const sent = readPages(db.sql, job, async (rows) => {
    send(rows);
    // PostgreSQL answers asynchronously already; this keeps a page's work to one task whatever the driver does.
    await yieldToLoop();
  }).then(() => send(null));
  return Promise.all([answer, sent]).then(
    ([bytes]) => bytes,
    (e: unknown) => {
      void worker.terminate();
      throw e;
    },
  );
}

/**
 * What to send for `answerOf(bundle)`: the answer itself, for the route's schema to serialise, or, for a large
 * bundle, its JSON text made in the worker around the rest of the answer, which the route's serialiser writes
 * here (and the reply's type set to JSON).
 */
export async function answerPayload<A>(
  reply: FastifyReply,
  bundle: SignedBundle | LargeBundle,
  answerOf: (bundle: SignedBundle) => A,
): Promise<A | Buffer> {
  if (typeof bundle !== 'function') return answerOf(bundle);
  const marker: SignedBundle = { body: '', signature: '', keyId: '' };
  const around = String(reply.serialize(answerOf(marker))).split(JSON.stringify(marker));
  if (around.length !== 2) throw new Error('format-1 bundle: the answer has no single place for the bundle');
  const bytes = await bundle([around[0]!, around[1]!]);
  void reply.type('application/json; charset=utf-8');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
