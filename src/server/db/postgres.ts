// PostgreSQL through a pg pool, behind the Sql interface; a `?schema=` in the URL selects the schema.
import pg from 'pg';
import type { Param, Sql, SqlRunner, TxOptions } from './sql.js';

/** The schema named by a `?schema=` parameter of a database URL (our extension), and the URL pg understands. */
export function splitDatabaseUrl(url: string): { connectionString: string; schema: string | null } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`schema ${schema}: use [a-z0-9_]`);
  return { connectionString: u.toString(), schema };
}

const INT8 = 20;

/** Limits on waiting for PostgreSQL, so a stuck database makes requests fail (503) rather than hang. */
export interface PostgresTimeouts {
  /** Longest a statement may run on the server (statement_timeout), and wait for a lock. */
  statementMs: number;
  /** Longest to wait for a connection from the pool, or for a new one to open. */
  connectMs: number;
}

// Without statistics the planner takes `id = ANY(40 ids)` for a fifth of the table and scans all of it (1.7 s at
// 1 M rows, read through shared buffers by every upload at once); a sequential scan is then a last resort only.
/** The settings a `byIndex` transaction runs with (sent with its BEGIN). */
export const BY_INDEX = ['SET LOCAL enable_seqscan = off', 'SET LOCAL max_parallel_workers_per_gather = 0'];

/** The timeouts `serve` and the admin commands use unless told otherwise. */
export const DEFAULT_PG_TIMEOUTS: PostgresTimeouts = { statementMs: 15_000, connectMs: 5_000 };

/** A PostgreSQL pool; every connection uses the URL's schema when it names one. */
export function openPostgres(
  url: string,
  poolSize = 10,
  timeouts: PostgresTimeouts = DEFAULT_PG_TIMEOUTS,
): Sql {
  const { connectionString, schema } = splitDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.statementMs,
    // A transaction left open by a crashed request must not hold its locks for ever.
    idle_in_transaction_session_timeout: timeouts.statementMs * 2,
    // The client gives up too when the server does not answer at all (a dead host: no statement_timeout then).
    query_timeout: timeouts.statementMs + timeouts.connectMs,
    // No JIT: every statement here is a short indexed one, and a table whose statistics are missing or stale
    // (a new day's partition, autovacuum off or behind) is costed high enough to compile each ingest read,
    // 130 ms instead of 0.1 ms (docs/performance.md, the 1 M-record sim run).
    options: `-c jit=off${schema ? ` -c search_path=${schema}` : ''}`,
    // Our BIGINTs are milliseconds and counts, well inside 2^53: read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server (restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const on = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly Param[] = []) =>
      (await client.query(sql, params as Param[])).rows as T[],
    run: async (sql: string, params: readonly Param[] = []) =>
      (await client.query(sql, params as Param[])).rowCount ?? 0,
  });
  return {
    ...on(pool),
    schema,
    async tx<T>(fn: (q: SqlRunner) => Promise<T>, opts: TxOptions = {}): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        // One simple-protocol message (no parameters, so the name is quoted here): BEGIN, the settings and the lock
        // in one round trip.
        await client.query(
          [
            'BEGIN',
            ...(opts.byIndex ? BY_INDEX : []),
            ...(opts.lock === undefined
              ? []
              : [`SELECT pg_advisory_xact_lock(hashtext(${client.escapeLiteral(opts.lock)}))`]),
          ].join('; '),
        );
        const out = await fn(on(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        // A connection that cannot even roll back is not given back to the pool.
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw e;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
