// Opens the store the flags and environment name: PostgreSQL with a database URL, else SQLite in the data directory.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPostgres, openSqlite } from './sql.js';
import { Store } from './store.js';

/** Where the server keeps its data. */
export interface StoreLocation {
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

/** Opens and migrates the store. */
export async function openStore(where: StoreLocation): Promise<Store> {
  if (where.databaseUrl) return Store.open(openPostgres(where.databaseUrl));
  const dir = resolve(where.data ?? 'data');
  mkdirSync(dir, { recursive: true });
  return Store.open(openSqlite(join(dir, 'checkpoint.sqlite')));
}

/** The flags every admin command takes to find the store. */
export const STORE_FLAGS = {
  data: { type: 'string' },
  'database-url': { type: 'string' },
} as const;

/** Opens the store of the parsed flags, runs `fn`, and closes it whatever happens. */
export async function withStore<T>(
  values: { data?: string; 'database-url'?: string },
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const databaseUrl = databaseUrlFrom(values);
  const store = await openStore(databaseUrl ? { databaseUrl } : { data: values.data ?? 'data' });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Milliseconds of a duration such as 28d, 24h, 30m or 45s, or null when it is not one. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([dhms])$/.exec(text.trim());
  if (!m) return null;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[2] as 'd' | 'h' | 'm' | 's'];
  return Math.round(Number(m[1]) * unit);
}

/** The address devices reach the server at: the flag, else what `serve` last recorded, else localhost:8080. */
export async function publicUrlOf(store: Store, flag?: string): Promise<string> {
  const url = flag ?? (await store.getMeta('server.publicUrl')) ?? 'http://localhost:8080';
  return url.replace(/\/+$/, '');
}
