// The shared trust objects (docs/bundles.md): immutable, named by SHA-256, kept in parts; and the rows they are
// built from, read in keyset pages so no single query holds the event loop for long.
import { asNumber, columns, type Row } from './columns.js';
import type { Sql } from './sql.js';

/** What is known of a stored object without reading it. */
export interface TrustObjectMeta {
  hash: string;
  kind: 'full' | 'delta';
  since: number;
  version: number;
  size: number;
  partSize: number;
}

/** One page of revocation rows, in (iss, subject) order. */
export interface RevocationRow {
  iss: string;
  subject: string;
  before_s: number;
  colour: string | null;
}

const META = columns<TrustObjectMeta>()(['hash', 'kind', 'since', 'version', 'size', 'partSize'], {
  kind: (v) => (v === 'delta' ? 'delta' : 'full'),
  since: asNumber,
  version: asNumber,
  size: asNumber,
  partSize: asNumber,
});

/** Stores one part of an object ($1 hash, $2 part number, $3 bytes); the same part again is a no-op. */
export const INSERT_PART = `INSERT INTO trust_object_parts (hash, part, bytes) VALUES ($1, $2, $3)
  ON CONFLICT (hash, part) DO NOTHING`;

/** Stored trust objects, and the shared rows to build them from. */
export class TrustObjectRepo {
  constructor(private readonly sql: Sql) {}

  /** The object bringing a device from `since` (0: nothing) to `version`, if one was built. */
  async find(since: number, version: number): Promise<TrustObjectMeta | null> {
    const [row] = await this.sql.all<Row>(
      `SELECT ${META.list()} FROM trust_objects WHERE version = $1 AND since = $2 ORDER BY created_at LIMIT 1`,
      [version, since],
    );
    return row ? META.read(row) : null;
  }

  /** The object with this hash, if stored. */
  async get(hash: string): Promise<TrustObjectMeta | null> {
    const [row] = await this.sql.all<Row>(`SELECT ${META.list()} FROM trust_objects WHERE hash = $1`, [hash]);
    return row ? META.read(row) : null;
  }

  /** Bytes [start, end) of a stored object, reading only the parts that hold them. */
  async read(meta: TrustObjectMeta, start: number, end: number): Promise<Uint8Array> {
    const first = Math.floor(start / meta.partSize);
    const last = Math.floor((end - 1) / meta.partSize);
    const rows = await this.sql.all<{ part: number; bytes: Uint8Array }>(
      'SELECT part, bytes FROM trust_object_parts WHERE hash = $1 AND part >= $2 AND part <= $3 ORDER BY part',
      [meta.hash, first, last],
    );
    const out = new Uint8Array(end - start);
    for (const r of rows) {
      const base = Number(r.part) * meta.partSize;
      const from = Math.max(start, base);
      const to = Math.min(end, base + r.bytes.length);
      if (to > from) out.set(r.bytes.subarray(from - base, to - base), from - start);
    }
    return out;
  }

  /**
   * Stores an object part by part (each its own statement, so other work runs between them), then its row,
   * which makes it visible; two servers storing the same object write the same bytes, and the second is a no-op.
   * With no parts, only the row: a build in a worker thread stored the parts itself (server/trust-job.ts).
   */
  async store(meta: TrustObjectMeta, parts: readonly Uint8Array[], now = Date.now()): Promise<void> {
    for (const [i, bytes] of parts.entries()) await this.sql.run(INSERT_PART, [meta.hash, i, bytes]);
    await this.sql.run(
      `INSERT INTO trust_objects (hash, kind, since, version, size, part_size, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (hash) DO NOTHING`,
      [meta.hash, meta.kind, meta.since, meta.version, meta.size, meta.partSize, now],
    );
  }

  /**
   * The next page of shared revocations changed after `since`, strictly after the (iss, subject) cursor, by a row
   * value comparison both databases turn into a range of the primary key. For a snapshot (since 0) there is no
   * version condition, so the planner walks the primary key instead of sorting the whole table per page; a delta
   * uses the version index and sorts only its own rows.
   */
  revocationPage(since: number, after: [string, string], limit: number): Promise<RevocationRow[]> {
    const changed = since > 0 ? 'AND version > $4' : '';
    return this.sql.all<RevocationRow>(
      `SELECT iss, subject, before_s, colour FROM revocations
       WHERE venue_id IS NULL AND (iss, subject) > ($1, $2) ${changed}
       ORDER BY iss, subject LIMIT $3`,
      since > 0 ? [after[0], after[1], limit, since] : [after[0], after[1], limit],
    );
  }

  /** How many shared revocations changed after `since`, counted up to `limit`. */
  async changedCount(since: number, limit: number): Promise<number> {
    const [row] = await this.sql.all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM revocations WHERE venue_id IS NULL AND version > $1 LIMIT $2) AS c`,
      [since, limit],
    );
    return Number(row?.n ?? 0);
  }
}
