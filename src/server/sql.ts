// One small SQL interface over SQLite (better-sqlite3) and PostgreSQL (pg): the store writes its queries once.
import Database from 'better-sqlite3';
import pg from 'pg';

/** Parameters are positional ($1, $2…) in every dialect; arrays only for PostgreSQL (ANY, unnest). */
export type Param = string | number | null | readonly (string | number)[];

/** Runs statements; inside a transaction it is bound to that transaction. */
export interface SqlRunner {
  readonly dialect: 'sqlite' | 'postgres';
  /** Rows of a query (or of a statement with RETURNING). */
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
}

/** A database connection (or pool) that can run transactions. */
export interface Sql extends SqlRunner {
  /** Runs `fn` in one transaction: all of it commits, or none of it. */
  tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** `column IN (…)` over values, as one array parameter on PostgreSQL (one plan, however many values). */
export function inList(
  dialect: 'sqlite' | 'postgres',
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

/** SQLite in one file, with WAL so readers never wait for the writer. */
export function openSqlite(file: string): Sql {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Several processes may share the file (CLI beside a running server): wait for the writer rather than fail.
  db.pragma('busy_timeout = 10000');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql.replace(/\$(\d+)/g, '@p$1'));
      statements.set(sql, st);
      if (statements.size > 500) statements.delete(statements.keys().next().value as string);
    }
    return st;
  };
  const bind = (params: readonly Param[]): Record<string, string | number | null> => {
    const named: Record<string, string | number | null> = {};
    params.forEach((p, i) => {
      if (Array.isArray(p)) throw new Error('SQLite takes no array parameters');
      named[`p${i + 1}`] = p as string | number | null;
    });
    return named;
  };
  const runner: SqlRunner = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly Param[] = []) => prepare(sql).all(bind(params)) as T[],
    run: async (sql: string, params: readonly Param[] = []) => {
      const st = prepare(sql);
      if (st.reader) return st.all(bind(params)).length;
      return st.run(bind(params)).changes;
    },
  };
  // better-sqlite3 is synchronous, but a transaction body awaits: one transaction at a time per process.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ...runner,
    tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T> {
      const next = queue.then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(runner);
          db.exec('COMMIT');
          return out;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    exec: async (script) => void db.exec(script),
    close: async () => {
      await queue;
      db.close();
    },
  };
}

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

/** A PostgreSQL pool; every connection uses the URL's schema when it names one. */
export function openPostgres(url: string, poolSize = 10): Sql & { schema: string | null } {
  const { connectionString, schema } = splitDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
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
    async tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
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
    exec: async (script) => void (await pool.query(script)),
    close: () => pool.end(),
  };
}
