// Builds the shared trust object of a version (a full snapshot, or the delta from a device's version) once, and
// stores it. The rows are read, sorted, encoded and hashed in a worker thread (trust-worker.ts), which reads a
// SQLite file itself; on PostgreSQL the server reads them in keyset pages first (asynchronous I/O, a short piece
// of work per page). The event loop then only signs the digest and stores the parts, one statement each, so a
// million-entry snapshot never holds up other requests (issue 11 item 9).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { issuerJson } from '../core/bundle.js';
import { COLOURS } from '../core/hcq1/types.js';
import { signTrustDigest, type TrustObjectHeader, type TrustPointer } from '../core/trust-object.js';
import type { ServerDb } from './db/index.js';
import type { TrustObjectMeta } from './db/trust-objects.js';
import { runBuildJob, type BuildJob, type JobMessage } from './trust-job.js';
import {
  partsOf,
  RECORD,
  SIGNATURE_ROOM,
  type BuiltContent,
  type RevocationRecords,
} from './trust-records.js';

/** Rows per page read from PostgreSQL. */
const PAGE = 10_000;
/** Bytes per stored part. */
const PART = 1 << 20;

/** The compiled worker; absent when the server runs from its TypeScript sources (tests), which build in-thread. */
const WORKER = new URL('./trust-worker.js', import.meta.url);

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// Builds in flight in this process, so concurrent requests for the same object wait for one build. Not a cache:
// the database holds the result, and any process finds it there.
const building = new Map<string, Promise<TrustObjectMeta>>();

/** The stored object bringing a device from `since` to `version`, built and stored first if needed. */
export async function trustObject(db: ServerDb, since: number, version: number): Promise<TrustPointer> {
  const found = await db.trustObjects.find(since, version);
  if (found) return pointerOf(found);
  const key = `${since}:${version}`;
  let job = building.get(key);
  if (!job) {
    job = buildObject(db, since, version).finally(() => building.delete(key));
    building.set(key, job);
  }
  return pointerOf(await job);
}

const pointerOf = (m: TrustObjectMeta): TrustPointer => ({
  kind: m.kind,
  version: m.version,
  since: m.since,
  hash: m.hash,
  size: m.size,
});

/** The SQLite file behind `db`, or null (PostgreSQL, or a database in memory). */
export async function sqliteFile(db: ServerDb): Promise<string | null> {
  if (db.sql.dialect !== 'sqlite') return null;
  const rows = await db.sql.all<{ name: string; file: string }>('PRAGMA database_list');
  return rows.find((r) => r.name === 'main')?.file || null;
}

/** Reads the shared revocations changed after `since` as records, page by page, yielding between pages. */
async function readRecords(db: ServerDb, since: number): Promise<RevocationRecords> {
  const names: string[] = [];
  let bytes = new Uint8Array(PAGE * RECORD);
  let count = 0;
  let cursor: [string, string] = ['', ''];
  for (;;) {
    const rows = await db.trustObjects.revocationPage(since, cursor, PAGE);
    if ((count + rows.length) * RECORD > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, (count + rows.length) * RECORD));
      grown.set(bytes);
      bytes = grown;
    }
    const view = new DataView(bytes.buffer);
    for (const r of rows) {
      // Pages come in (iss, subject) order: a new name is always the last one.
      if (names[names.length - 1] !== r.iss) names.push(r.iss);
      const at = count++ * RECORD;
      bytes[at] = names.length - 1;
      if (Buffer.from(bytes.buffer, at + 1, 16).write(r.subject, 'hex') !== 16)
        throw new Error('trust build: a revocation subject is not 16 bytes of hex');
      view.setUint32(at + 17, Number(r.before_s));
      bytes[at + 21] = COLOURS.indexOf(r.colour as (typeof COLOURS)[number]) + 1;
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1]!;
    cursor = [last.iss, last.subject];
    await yieldToLoop();
  }
  if (names.length > 255) throw new RangeError('too many issuers');
  return { names, bytes: bytes.subarray(0, count * RECORD) };
}

/** The content's digest and size, and its parts unless the worker stored them itself. */
interface JobResult {
  digest: Uint8Array;
  size: number;
  parts: Uint8Array[] | null;
}

/**
 * Runs a build job in a worker thread, answering its digest with `sign`'s signature; in this thread when running
 * from sources, where no compiled worker exists (tests).
 */
function runJob(job: BuildJob, sign: (digest: Uint8Array) => Uint8Array): Promise<JobResult> {
  const stored = (built: BuiltContent): JobResult => ({
    digest: built.digest,
    size: built.size,
    parts: partsOf(built, sign(built.digest), job.partSize),
  });
  if (!existsSync(fileURLToPath(WORKER))) return Promise.resolve(stored(runBuildJob(job)));
  return new Promise((resolve, reject) => {
    const transfer = job.records ? [job.records.bytes.buffer as ArrayBuffer] : [];
    const worker = new Worker(WORKER, { workerData: job, transferList: transfer });
    let digest: { digest: Uint8Array; size: number } | null = null;
    let done = false;
    worker.on('message', (m: JobMessage) => {
      if (m.kind === 'digest') {
        digest = m;
        try {
          worker.postMessage(sign(m.digest));
        } catch (e) {
          // The worker waits for the signature: without one it must not be left waiting.
          done = true;
          void worker.terminate();
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      } else {
        done = true;
        resolve(m.kind === 'content' ? stored(m.built) : { ...digest!, parts: null });
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`trust build: worker exited with code ${code}`));
    });
  });
}

async function buildObject(db: ServerDb, since: number, version: number): Promise<TrustObjectMeta> {
  // SQLite answers synchronously, so awaiting its queries never lets a timer or a request in: yield between the
  // steps, or they all run as one task (measured: 235 ms on the loaded machine, with the worker's start).
  await yieldToLoop();
  const issuers = await db.trust.issuersSince(since, null);
  const kind = since === 0 ? 'full' : 'delta';
  const header: TrustObjectHeader = { kind, version, since, issuers: issuers.map(issuerJson) };
  const file = await sqliteFile(db);
  await yieldToLoop();
  const root = await db.meta.rootKey();
  await yieldToLoop();
  const records = file ? null : await readRecords(db, since);
  const built = await runJob({ header, file, records, partSize: PART }, (digest) =>
    signTrustDigest(digest, root),
  );
  const meta: TrustObjectMeta = {
    hash: Buffer.from(built.digest).toString('hex'),
    kind,
    since,
    version,
    size: built.size + SIGNATURE_ROOM,
    partSize: PART,
  };
  await yieldToLoop();
  await db.trustObjects.store(meta, built.parts ?? []);
  return meta;
}
