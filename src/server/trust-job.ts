// One snapshot or delta build as a job a worker thread runs (trust-worker.ts): read the revocation rows (from the
// SQLite file directly, or as records the server read from PostgreSQL), sort, encode and hash, and on SQLite store
// the parts. The event loop then only signs the digest and stores the object's row (trust-build.ts).
import Database from 'better-sqlite3';
import type { TrustObjectHeader } from '../core/trust-object.js';
import { INSERT_PART } from './db/trust-objects.js';
import {
  buildContent,
  columnsFromRecords,
  RECORD,
  type BuiltContent,
  type RevocationRecords,
} from './trust-records.js';

/** What a build needs: the object's header, and where its rows come from. */
export interface BuildJob {
  header: TrustObjectHeader;
  /** The SQLite file to read the shared revocations changed after `header.since` from, or null: `records`. */
  file: string | null;
  records: RevocationRecords | null;
  /** Bytes per stored part. */
  partSize: number;
}

/**
 * What a worker says: the built content (for the caller to sign and store), or, having read a SQLite file, only
 * the digest (the caller answers with the root's signature) and then that it stored the parts itself.
 */
export type JobMessage =
  | { kind: 'content'; built: BuiltContent }
  | { kind: 'digest'; digest: Uint8Array; size: number }
  | { kind: 'stored' };

/** Rowids per query of a full read: each query returns ~11 MB of hex text at most. */
const ROWIDS = 1 << 18;

/** Runs a job where it is called (the worker, or the caller's thread when no compiled worker exists). */
export function runBuildJob(job: BuildJob): BuiltContent {
  const records = job.file ? readSqlite(job.file, job.header.since) : job.records;
  if (!records) throw new Error('trust build: no rows to build from');
  return buildContent(job.header, columnsFromRecords(records));
}

/**
 * The shared revocations changed after `since` (all of them for 0) as records, in one read transaction. SQLite
 * writes each row's record as hex and concatenates them itself, so JavaScript handles a string per query rather
 * than a value per row; a full read walks the table in rowid order (the (iss, subject) index would make it visit
 * table pages at random), a delta uses the version index.
 */
export function readSqlite(file: string, since: number): RevocationRecords {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.exec('BEGIN');
    // The issuers by skip-scan of the primary key: one index seek per distinct issuer.
    const names = db
      .prepare(
        `WITH RECURSIVE i(iss) AS (SELECT min(iss) FROM revocations
           UNION ALL SELECT (SELECT min(iss) FROM revocations WHERE iss > i.iss) FROM i WHERE i.iss IS NOT NULL)
         SELECT iss FROM i WHERE iss IS NOT NULL`,
      )
      .pluck()
      .all() as string[];
    names.sort();
    if (names.length > 255) throw new RangeError('too many issuers');
    if (names.length === 0) return { names, bytes: new Uint8Array(0) };
    const rank = `CASE iss ${names.map((_, k) => `WHEN $n${k} THEN ${k}`).join(' ')} END`;
    const colour = `CASE colour WHEN 'green' THEN 1 WHEN 'yellow' THEN 2 WHEN 'red' THEN 3 ELSE 0 END`;
    const record = `printf('%02x%s%08x%02x', ${rank}, subject, before_s, ${colour})`;
    const params: Record<string, string | number> = Object.fromEntries(names.map((n, k) => [`n${k}`, n]));
    const chunks: Buffer[] = [];
    const add = (row: { n: number; hex: string | null } | undefined) => {
      if (!row || row.n === 0) return;
      const bytes = Buffer.from(row.hex ?? '', 'hex');
      // A subject that is not 32 hex digits, or a `before` past u32, would shift every record after it.
      if (bytes.length !== row.n * RECORD || (row.hex ?? '').length !== row.n * RECORD * 2)
        throw new Error('trust build: a revocation row does not fit the binary list');
      chunks.push(bytes);
    };
    const select = `SELECT count(*) AS n, group_concat(${record}, '') AS hex FROM revocations NOT INDEXED`;
    if (since > 0) {
      const st = db.prepare(
        `SELECT count(*) AS n, group_concat(${record}, '') AS hex FROM revocations
         WHERE venue_id IS NULL AND version > $since`,
      );
      add(st.get({ ...params, since }) as { n: number; hex: string | null });
    } else {
      const st = db.prepare(`${select} WHERE venue_id IS NULL AND rowid > $lo AND rowid <= $hi`);
      const max = Number(db.prepare('SELECT max(rowid) FROM revocations').pluck().get() ?? 0);
      for (let lo = 0; lo < max; lo += ROWIDS)
        add(st.get({ ...params, lo, hi: lo + ROWIDS }) as { n: number; hex: string | null });
    }
    return { names, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) };
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    db.close();
  }
}

/**
 * Stores a signed object's parts in the SQLite file, one transaction per part, so the server's own writes wait
 * for at most one part; the caller then adds the object's row, which makes it visible.
 */
export function storeParts(file: string, hash: string, parts: readonly Uint8Array[]): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('synchronous = FULL');
    const insert = db.prepare(INSERT_PART.replace(/\$\d+/g, '?'));
    for (const [i, bytes] of parts.entries())
      insert.run(hash, i, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } finally {
    db.close();
  }
}
