// Shared test fixtures: both storage backends, device keys, and chains of decision records.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nacl from 'tweetnacl';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { chainRecord, type DecisionEntry, type DecisionRecord } from '../../src/core/log.js';
import type { Signer } from '../../src/core/batch.js';
import { openPostgres, openSqlite } from '../../src/server/sql.js';
import { Store } from '../../src/server/store.js';

/** The PostgreSQL the tests use: DATABASE_URL, or the local test database. */
export const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A storage backend under test: a fresh, empty store per call, removed by cleanup(). */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A URL or data directory a `checkpoint` child process can use for the same store. */
  location: () => { data?: string; databaseUrl?: string };
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

/** A fresh SQLite backend in a temporary directory. */
export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'cp-sqlite-'));
  return {
    name: 'sqlite',
    location: () => ({ data: dir }),
    open: () => Store.open(openSqlite(join(dir, 'checkpoint.sqlite'))),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh PostgreSQL schema, unique to this run so parallel runs never collide. */
export function postgresBackend(): Backend {
  const schema = `cp_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const url = new URL(DATABASE_URL);
  url.searchParams.set('schema', schema);
  return {
    name: 'postgres',
    location: () => ({ databaseUrl: url.toString() }),
    open: () => Store.open(openPostgres(url.toString())),
    cleanup: async () => {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Both backends, for describe.each. */
export const BACKENDS = [
  { name: 'sqlite', make: sqliteBackend },
  { name: 'postgres', make: postgresBackend },
] as const;

/** A device key pair and a Signer over it (tweetnacl). */
export function deviceKey(): { signer: Signer; publicKey: Uint8Array; secretKey: Uint8Array } {
  const pair = nacl.sign.keyPair();
  return {
    publicKey: pair.publicKey,
    secretKey: pair.secretKey,
    signer: { publicKey: pair.publicKey, sign: async (m) => nacl.sign.detached(m, pair.secretKey) },
  };
}

/** The i-th sample decision: every 7th finds a red code, every 11th a yellow one. */
export function entry(i: number, venueId: string, baseMs = Date.UTC(2026, 10, 20, 8)): DecisionEntry {
  const colour = i % 7 === 0 ? 'red' : i % 11 === 0 ? 'yellow' : 'green';
  return {
    at: new Date(baseMs + i * 1000).toISOString(),
    venueId,
    policy: 'zhejiang-2020',
    policyVersion: 1,
    source: 'scan',
    result: 'ok',
    colour,
    decision: colour === 'green' ? 'admit' : 'deny',
    actions: colour === 'green' ? [] : ['hold'],
    rules: ['r1'],
    iss: 'CN-ZJ',
    subject: i.toString(16).padStart(32, '0'),
    maskedName: '张*三',
    idLast4: String(1000 + (i % 9000)),
    temperature: null,
    override: null,
    sealed: null,
  };
}

/** A device's chain of `n` records (seq 1..n), continuing after `prev` when given. */
export function chain(
  deviceId: string,
  venueId: string,
  n: number,
  prev: DecisionRecord | null = null,
  make: (i: number) => DecisionEntry = (i) => entry(i, venueId),
): DecisionRecord[] {
  const out: DecisionRecord[] = [];
  let last = prev;
  for (let i = 0; i < n; i++) {
    const r = chainRecord(make((last?.seq ?? 0) + 1), { id: uuidv7(), deviceId, prev: last });
    out.push(r);
    last = r;
  }
  return out;
}

/** Builds lib/ (the compiled CLI that child processes run) when it is missing or older than the sources. */
export function ensureBuilt(root: string): void {
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  const built = join(root, 'lib/cli/main.js');
  const sources = Math.max(...['src/core', 'src/server', 'src/cli'].map((d) => newest(join(root, d))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  // tsc exits non-zero on any type error anywhere but still writes every file; the tests judge the result.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.node.json'], { cwd: root, stdio: 'ignore' });
}
