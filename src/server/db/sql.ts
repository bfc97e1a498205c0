// One small SQL interface over SQLite (sqlite.ts) and PostgreSQL (postgres.ts): the repositories write their queries once.

/** Parameters are positional ($1, $2…) in every dialect; arrays only for PostgreSQL (ANY, unnest); bytes are BLOB/BYTEA. */
export type Param = string | number | null | Uint8Array | readonly (string | number)[];

/** The two databases the server runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** Runs statements; inside a transaction it is bound to that transaction. */
export interface SqlRunner {
  readonly dialect: Dialect;
  /** Rows of a query (or of a statement with RETURNING). */
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
}

/** How a transaction starts. */
export interface TxOptions {
  /** A transaction-scoped advisory lock on this name (`pg_advisory_xact_lock(hashtext(lock))`). */
  lock?: string;
  /**
   * Every statement finds its rows by an index (PostgreSQL): no sequential scan and no parallel workers, whatever
   * the statistics say. For the ingest, whose plans must not follow a table's size when its statistics are
   * missing (a new day's partition, autovacuum off or behind).
   */
  byIndex?: boolean;
}

/** A database connection (or pool) that can run transactions. */
export interface Sql extends SqlRunner {
  /** The PostgreSQL schema the connection works in (null: the default); always null on SQLite. */
  readonly schema: string | null;
  /**
   * Runs `fn` in one transaction: all of it commits, or none of it. `lock` names a lock held to the end of the
   * transaction, taken with BEGIN in the same round trip (PostgreSQL; SQLite's transactions are serial already).
   */
  tx<T>(fn: (q: SqlRunner) => Promise<T>, opts?: TxOptions): Promise<T>;
  close(): Promise<void>;
}

/** `column IN (…)` over values, as one array parameter on PostgreSQL (one plan, however many values). */
export function inList(
  dialect: Dialect,
  column: string,
  values: readonly (string | number)[],
  from: number,
  pgType: 'text' | 'bigint',
): { sql: string; params: Param[] } {
  if (dialect === 'postgres') return { sql: `${column} = ANY($${from}::${pgType}[])`, params: [values] };
  return { sql: `${column} IN ${placeholders(values.length, from)}`, params: [...values] };
}

/** "($3, $4, $5)" for n values starting at parameter `from`. */
export function placeholders(n: number, from = 1): string {
  return `(${Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ')})`;
}

/** The SQLSTATE of a PostgreSQL error (or the code of a SQLite one), if it has one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for a unique-key violation in either database: someone else wrote the same key first. */
export function isUniqueViolation(e: unknown): boolean {
  const code = errorCode(e);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * True when the database could not answer in time (a statement or lock timeout, no free connection, another
 * process's write lock on SQLite): the request may be tried again later, nothing is wrong with it.
 */
export function isUnavailable(e: unknown): boolean {
  const code = errorCode(e) ?? '';
  if (['57014', '55P03', '57P01', '57P03', '53300', 'SQLITE_BUSY', 'SQLITE_LOCKED'].includes(code))
    return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code)) return true;
  const message = e instanceof Error ? e.message : '';
  // pg-pool and pg's client-side timeouts carry no code.
  return /timeout exceeded when trying to connect|Query read timeout|Connection terminated/.test(message);
}
