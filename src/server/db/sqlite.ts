// SQLite through better-sqlite3, behind the Sql interface: one file, WAL, every commit durable.
import Database from 'better-sqlite3';
import { errorCode, type Param, type Sql, type SqlRunner } from './sql.js';

/**
 * How long one statement may wait, synchronously, for another process's write lock. better-sqlite3 waits on the
 * event loop's thread, so this is kept short; longer waits happen asynchronously (BUSY_DEADLINE_MS).
 */
const BUSY_TIMEOUT_MS = 20;
/** How long a write retries, asynchronously, while another connection holds the file's write lock (default). */
const BUSY_DEADLINE_MS = 10_000;
/**
 * The longest pause between two tries of a busy write. SQLite's lock is not fair: a writer gets in only by trying
 * while it is free, so a long import leaves gaps longer than this between its chunks (db/trust.ts).
 */
export const BUSY_MAX_PAUSE_MS = 50;

const isBusy = (e: unknown) => ['SQLITE_BUSY', 'SQLITE_LOCKED'].includes(errorCode(e) ?? '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `attempt` again, after short pauses that let the event loop run, while the database is busy. */
async function whileBusy<T>(attempt: () => T, deadlineMs: number): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, BUSY_MAX_PAUSE_MS)) {
    try {
      return attempt();
    } catch (e) {
      if (!isBusy(e) || Date.now() + pause > deadline) throw e;
      await sleep(pause);
    }
  }
}

/** SQLite in one file, with WAL so readers never wait for the writer; `busyDeadlineMs` bounds a write's wait. */
export function openSqlite(file: string, busyDeadlineMs = BUSY_DEADLINE_MS): Sql {
  const retry = <T>(attempt: () => T) => whileBusy(attempt, busyDeadlineMs);
  const db = new Database(file);
  // Opening happens once, before serving: here a longer synchronous wait is harmless (several first starts).
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the device is told its batch is stored (and then drops its own copy);
  // NORMAL in WAL mode can lose the last commits on power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
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
  const bind = (params: readonly Param[]): Record<string, string | number | null | Uint8Array> => {
    const named: Record<string, string | number | null | Uint8Array> = {};
    params.forEach((p, i) => {
      if (Array.isArray(p)) throw new Error('SQLite takes no array parameters');
      named[`p${i + 1}`] = p as string | number | null | Uint8Array;
    });
    return named;
  };
  const all = <T>(sql: string, params: readonly Param[]) => prepare(sql).all(bind(params)) as T[];
  const run = (sql: string, params: readonly Param[]) => {
    const st = prepare(sql);
    if (st.reader) return st.all(bind(params)).length;
    return st.run(bind(params)).changes;
  };
  // Inside a transaction the write lock is held already: statements run as they are.
  const inTx: SqlRunner = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly Param[] = []) => all<T>(sql, params),
    run: async (sql: string, params: readonly Param[] = []) => run(sql, params),
  };
  // better-sqlite3 is synchronous, but a transaction body awaits: one transaction at a time per process.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    dialect: 'sqlite',
    schema: null,
    all: <T>(sql: string, params: readonly Param[] = []) => retry(() => all<T>(sql, params)),
    run: (sql: string, params: readonly Param[] = []) => retry(() => run(sql, params)),
    tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T> {
      const next = queue.then(async () => {
        // IMMEDIATE takes the write lock now, so nothing inside can fail on another writer later.
        await retry(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const out = await fn(inTx);
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
    close: async () => {
      await queue;
      db.close();
    },
  };
}
