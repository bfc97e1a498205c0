// Retention (000 §7(4), 003 §23): records are filed by the UTC day they were received and purged by whole days;
// PostgreSQL keeps one partition per day and drops it, SQLite deletes by its indexed day column.
import { errorCode, type Sql } from './sql.js';

const DAY_MS = 86_400_000;

/** The UTC day number (days since the epoch) of a time in milliseconds. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** The partition table name of a day: records_YYYYMMDD. */
export const partitionName = (day: number): string =>
  `records_${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;

/** What a purge removed: the days (YYYYMMDD), and the record count where the database can tell it (SQLite). */
export interface Purged {
  days: string[];
  records: number | null;
}

/** Creates the records partition of a day if it does not exist (PostgreSQL; any server may, at any time). */
export async function ensurePartition(sql: Sql, day: number): Promise<void> {
  try {
    await sql.run(
      `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF records FOR VALUES FROM (${day}) TO (${day + 1})`,
    );
  } catch (e) {
    // Two servers creating the same partition at once: the loser's error means it exists now.
    if (!['42P07', '23505'].includes(errorCode(e) ?? '')) throw e;
  }
}

/** Removes what the retention period no longer allows. */
export class RetentionRepo {
  constructor(private readonly sql: Sql) {}

  /**
   * Deletes records received before the UTC day of `beforeMs`, and forgets used and expired enrolment tokens
   * and resolved chain events. Each device's purged watermark moves up to the last seq deleted, in the same
   * transaction, so a replay of what was deleted is not stored again. Safe to run from any server, and from
   * several at once.
   */
  async purge(beforeMs: number): Promise<Purged> {
    const cutoff = dayOf(beforeMs);
    await this.sql.run('DELETE FROM enrol_tokens WHERE expires_at < $1 OR used_at < $1', [beforeMs]);
    await this.sql.run('DELETE FROM chain_events WHERE resolved_at < $1', [beforeMs]);
    if (this.sql.dialect === 'sqlite')
      return this.sql.tx(async (q) => {
        const days = await q.all<{ day: number }>('SELECT DISTINCT day FROM records WHERE day < $1', [
          cutoff,
        ]);
        await q.run(
          `UPDATE devices SET purged_seq = MAX(purged_seq,
             (SELECT MAX(seq) FROM records r WHERE r.device_id = devices.id AND r.day < $1))
           WHERE id IN (SELECT device_id FROM records WHERE day < $1)`,
          [cutoff],
        );
        const records = await q.run('DELETE FROM records WHERE day < $1', [cutoff]);
        return { days: days.map((d) => partitionName(Number(d.day)).slice(8)), records };
      });
    const dropped: string[] = [];
    for (const name of await this.partitions()) {
      const m = /^records_(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!m) continue;
      const day = dayOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      if (day >= cutoff) continue;
      if (await this.dropDay(name)) dropped.push(name.slice(8));
    }
    return { days: dropped.sort(), records: null };
  }

  // Drops one day's partition after raising the watermarks from it; false when another server dropped it first.
  private dropDay(name: string): Promise<boolean> {
    return this.sql.tx(async (q) => {
      await q.run('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `checkpoint-purge:${this.sql.schema ?? ''}`,
      ]);
      const [exists] = await q.all<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
      if (!exists?.t) return false;
      await q.run(
        `UPDATE devices d SET purged_seq = GREATEST(d.purged_seq, m.last)
         FROM (SELECT device_id, MAX(seq) AS last FROM ${name} GROUP BY device_id) m WHERE d.id = m.device_id`,
      );
      await q.run(`DROP TABLE ${name}`);
      return true;
    });
  }

  // The day partitions of records in this schema (PostgreSQL).
  private async partitions(): Promise<string[]> {
    const rows = await this.sql.all<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
         JOIN pg_namespace n ON n.oid = p.relnamespace
       WHERE p.relname = 'records' AND n.nspname = current_schema()`,
    );
    return rows.map((r) => r.name);
  }
}
