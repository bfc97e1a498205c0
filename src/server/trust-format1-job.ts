// A large format-1 bundle (the self-contained JSON bundle old clients ask for, docs/bundles.md) as a job a worker
// thread runs (trust-worker.ts): read the revocation rows (from the SQLite file itself, or as pages the server
// thread read from PostgreSQL), make the body, sign it with the root key and write the whole answer's JSON text,
// all with the same functions the event loop used to run, so the bytes are the same (issue 11 item 9).
import type { MessagePort } from 'node:worker_threads';
import { revocationJson, signBundle, type BundleBody, type BundleRevocationJson } from '../core/bundle.js';
import { openSqlite } from './db/sqlite.js';
import type { SqlRunner } from './db/sql.js';
import { bundleRevocations, revocationOf, type RevocationRow } from './db/trust-changes.js';
import { nodeRootSigner } from './root-signer.js';

/** What a format-1 build needs besides the rows. */
export interface Format1Job {
  task: 'format1';
  /** Everything the body says but its revocations (made on the server thread: a few small queries). */
  body: Omit<BundleBody, 'revocations'>;
  /** The bundle's revocations are the rows changed after this version, for this venue (docs/bundles.md). */
  after: number;
  venueId: string;
  /** The answer's JSON text before and after the signed bundle (the route's own serialiser wrote it). */
  around: [string, string];
  /** The root's 64-byte secret key: only the thread that signs holds it, and it is this process's own. */
  secretKey: Uint8Array;
  /** The SQLite file to read the rows from; null: the server thread sends them as `RowsMessage`s. */
  file: string | null;
}

/** A page of rows sent to the worker, or the end of them (`rows` null). */
export interface RowsMessage {
  rows: RevocationRow[] | null;
}

/** Rows per page read. */
export const PAGE = 5000;

/** Reads the job's rows page by page, in (iss, subject) order, handing each page to `take`. */
export async function readPages(
  q: SqlRunner,
  job: Pick<Format1Job, 'after' | 'venueId'>,
  take: (rows: RevocationRow[]) => void | Promise<void>,
): Promise<void> {
  let from: [string, string] = ['', ''];
  for (;;) {
    const rows = await bundleRevocations(q, job.after, job.venueId, { from, limit: PAGE });
    await take(rows);
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    from = [last.iss, last.subject];
  }
}

/** The answer's JSON text, as UTF-8: the body with its revocations, signed by the root, inside `around`. */
export function format1Answer(job: Format1Job, revocations: BundleRevocationJson[]): Uint8Array {
  const signed = signBundle({ ...job.body, revocations }, nodeRootSigner(job.secretKey));
  // The keys in the order the response schema writes them (core/wire.ts signedBundleSchema).
  const bundle = JSON.stringify({ body: signed.body, signature: signed.signature, keyId: signed.keyId });
  return new TextEncoder().encode(job.around[0] + bundle + job.around[1]);
}

/** The entries of a page of rows, as the bundle lists them. */
export const entriesOf = (rows: readonly RevocationRow[]): BundleRevocationJson[] =>
  rows.map((r) => revocationJson(revocationOf(r)));

/** Runs a job in a worker thread: gathers the rows, then posts the answer's bytes, transferred. */
export async function runFormat1Worker(job: Format1Job, port: MessagePort): Promise<void> {
  const revocations: BundleRevocationJson[] = [];
  const take = (rows: RevocationRow[]) => void revocations.push(...entriesOf(rows));
  if (job.file) {
    const sql = openSqlite(job.file);
    try {
      await readPages(sql, job, take);
    } finally {
      await sql.close();
    }
  } else
    await new Promise<void>((resolve) => {
      const page = (m: RowsMessage) => {
        if (m.rows) return take(m.rows);
        // Listening no more lets the thread end once the answer is posted.
        port.off('message', page);
        resolve();
      };
      port.on('message', page);
    });
  const bytes = format1Answer(job, revocations);
  port.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
}
