// Opens the database the flags and environment name: PostgreSQL with a database URL, else SQLite in the data directory.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ServerDb } from './index.js';
import { DEFAULT_PG_TIMEOUTS, openPostgres, type PostgresTimeouts } from './postgres.js';
import { openSqlite } from './sqlite.js';

/** Where the server keeps its data. */
export interface DbLocation {
  /** Directory of the SQLite file (default ./data). */
  data?: string;
  /** postgres://… (or DATABASE_URL); a `?schema=NAME` parameter selects a schema. */
  databaseUrl?: string;
}

/**
 * The database URL in effect: --database-url, else DATABASE_URL unless --data was given, else none (SQLite).
 * Flags beat the environment: `--data DIR` asks for SQLite there even where DATABASE_URL is set.
 */
export function databaseUrlFrom(
  values: { data?: string | undefined; 'database-url'?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (values['database-url']) return values['database-url'];
  return values.data === undefined ? env.DATABASE_URL || undefined : undefined;
}

/**
 * Opens and migrates the database; `timeouts` bound every wait for PostgreSQL (and for SQLite's write lock),
 * `poolSize` is how many PostgreSQL connections this process may hold.
 */
export async function openDb(
  where: DbLocation,
  timeouts: PostgresTimeouts = DEFAULT_PG_TIMEOUTS,
  poolSize = 10,
): Promise<ServerDb> {
  if (where.databaseUrl) return ServerDb.open(openPostgres(where.databaseUrl, poolSize, timeouts));
  const dir = resolve(where.data ?? 'data');
  mkdirSync(dir, { recursive: true });
  return ServerDb.open(openSqlite(join(dir, 'checkpoint.sqlite'), timeouts.statementMs));
}

/** The flags every admin command takes to find the database. */
export const DB_FLAGS = {
  data: { type: 'string' },
  'database-url': { type: 'string' },
} as const;

/** The location the parsed flags (and the environment) name. */
export function locationOf(values: { data?: string; 'database-url'?: string }): DbLocation {
  const databaseUrl = databaseUrlFrom(values);
  return databaseUrl ? { databaseUrl } : { data: values.data ?? 'data' };
}

/** Opens the database of the parsed flags, runs `fn`, and closes it whatever happens. */
export async function withDb<T>(
  values: { data?: string; 'database-url'?: string },
  fn: (db: ServerDb) => Promise<T>,
): Promise<T> {
  const db = await openDb(locationOf(values));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
