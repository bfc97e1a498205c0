// Server test support: both database backends, a free port, the compiled CLI, `checkpoint serve` as a child
// process (started and waited for), and an in-process server with an enrolled device.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { signBatch, uploadOf } from '../../src/core/batch.js';
import type { DecisionRecord } from '../../src/core/log.js';
import type { BatchUpload } from '../../src/core/wire.js';
import { toBase64 } from '../../src/core/bytes.js';
import { buildServer, type ServerOptions } from '../../src/server/app.js';
import { ServerDb } from '../../src/server/db/index.js';
import { openPostgres } from '../../src/server/db/postgres.js';
import { openSqlite } from '../../src/server/db/sqlite.js';
import { deviceKey } from './chains.js';

/** A device key pair and a Signer over it (tests/support/chains.ts), here too for the server tests. */
export { deviceKey };

/** The repository root. */
export const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The `checkpoint` command as child processes run it: the compiled CLI in lib/, or CHECKPOINT_CLI (another
 * checkout's bin/checkpoint.mjs, to show that an attack test fails against older code).
 */
export const CLI = process.env.CHECKPOINT_CLI || `${ROOT}bin/checkpoint.mjs`;

/** The PostgreSQL the tests use: DATABASE_URL, or the local test database. */
export const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Where a database is: a SQLite data directory or a PostgreSQL URL (with its `?schema=`). */
export interface Location {
  data?: string;
  databaseUrl?: string;
}

/** A storage backend under test: a fresh, empty database per call, removed by cleanup(). */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A URL or data directory a `checkpoint` child process can use for the same database. */
  location: () => Location;
  open(): Promise<ServerDb>;
  cleanup(): Promise<void>;
}

/** A fresh SQLite backend in a temporary directory. */
export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'cp-sqlite-'));
  return {
    name: 'sqlite',
    location: () => ({ data: dir }),
    open: () => ServerDb.open(openSqlite(join(dir, 'checkpoint.sqlite'))),
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
    open: () => ServerDb.open(openPostgres(url.toString())),
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

/** A suite's database, open from its first test to its last (set in beforeAll). */
export interface SuiteDb {
  backend: Backend;
  db: ServerDb;
}

/** Opens a fresh database on `make`'s backend before the suite's tests; closes and removes it after them. */
export function suiteDb(make: () => Backend = sqliteBackend): SuiteDb {
  const s = {} as SuiteDb;
  beforeAll(async () => {
    s.backend = make();
    s.db = await s.backend.open();
  });
  afterAll(async () => {
    await s.db.close();
    await s.backend.cleanup();
  });
  return s;
}

/** A suite's in-process server (Fastify inject, no port) on its own database. */
export interface SuiteApp extends SuiteDb {
  app: FastifyInstance;
}

/**
 * Starts an in-process server on a fresh database before the suite's tests; `options` go to buildServer (or are
 * made from the open database first).
 */
export function suiteApp(
  make: () => Backend = sqliteBackend,
  options: AppOptions | ((db: ServerDb) => Promise<AppOptions>) = {},
): SuiteApp {
  const s = suiteDb(make) as SuiteApp;
  beforeAll(async () => {
    const more = typeof options === 'function' ? await options(s.db) : options;
    s.app = await buildServer({ db: s.db, distDir: null, ...more });
  });
  afterAll(() => s.app.close());
  return s;
}

/** A suite's `checkpoint serve` child on its own database, with one venue. */
export interface SuiteServe extends SuiteDb {
  serve: ServeChild;
  venueId: string;
}

/** Adds a venue and starts `checkpoint serve` (with `args`) on a fresh database before the suite's tests. */
export function suiteServe(make: () => Backend = sqliteBackend, args: string[] = []): SuiteServe {
  const s = suiteDb(make) as SuiteServe;
  beforeAll(async () => {
    s.venueId = await addVenue(s.db);
    s.serve = await serveChild(s.backend.location(), args);
  }, 60_000);
  afterAll(() => s.serve?.stop());
  return s;
}

/** buildServer's options but the database. */
export type AppOptions = Omit<ServerOptions, 'db'>;

/** Adds a venue on the Zhejiang policy with no settings; returns its id. */
export async function addVenue(db: ServerDb, name = 'Mall', category = 'mall'): Promise<string> {
  return (await db.venues.add({ name, category, policy: 'zhejiang-2020', settings: {} })).id;
}

/** A device enrolled through the database (no HTTP): its id, key and venue. */
export interface EnrolledDevice {
  id: string;
  venueId: string;
  key: ReturnType<typeof deviceKey>;
}

/** Adds a venue (unless given) and enrols a new device for it directly in the database. */
export async function enrolDevice(db: ServerDb, venueId?: string): Promise<EnrolledDevice> {
  const venue = venueId ?? (await addVenue(db));
  const { token } = await db.devices.createEnrolToken(venue, 60_000);
  const key = deviceKey();
  const id = crypto.randomUUID();
  const enrolled = await db.devices.enrol({ token, deviceId: id, publicKey: key.publicKey, label: null });
  if (!enrolled.ok) throw new Error(enrolled.error);
  return { id, venueId: venue, key };
}

/** An in-process server (Fastify inject, no port) on a fresh backend, with one venue and one enrolled device. */
export interface InProcessServer {
  backend: Backend;
  db: ServerDb;
  app: FastifyInstance;
  device: EnrolledDevice;
  close(): Promise<void>;
}

/** Starts an in-process server; `options` are passed to buildServer. */
export async function inProcessServer(
  backend: Backend = sqliteBackend(),
  options: Omit<ServerOptions, 'db'> = {},
): Promise<InProcessServer> {
  const db = await backend.open();
  const app = await buildServer({ db, distDir: null, ...options });
  const device = await enrolDevice(db);
  return {
    backend,
    db,
    app,
    device,
    close: async () => {
      await app.close();
      await db.close();
      await backend.cleanup();
    },
  };
}

/** A TCP port nobody listens on right now (on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The flags that point a `checkpoint` command at a location. */
export function locationArgs(where: Location): string[] {
  return where.databaseUrl ? ['--database-url', where.databaseUrl] : ['--data', where.data!];
}

/** Builds lib/ (the compiled CLI that child processes run) when it is missing or older than the sources. */
export function ensureBuilt(root: string = ROOT): void {
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

/** A running `checkpoint serve` child: its base URL, its listening line, what it wrote to stderr so far. */
export interface ServeChild {
  child: ChildProcess;
  url: string;
  port: number;
  /** The JSON line serve printed when it started listening. */
  started: Record<string, unknown>;
  /** Everything serve wrote to stderr (pino logs) until now. */
  stderr(): string;
  /** Sends SIGTERM (or the signal given) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `checkpoint serve` on 127.0.0.1 and resolves once it prints its listening line. `args` are extra flags
 * (or made from the port, e.g. a --public-url); `env` is added to the environment (DATABASE_URL is cleared so the
 * location flags decide); `port` is a free one unless given (a restart on the port its clients know).
 */
export async function serveChild(
  where: Location,
  args: string[] | ((port: number) => string[]) = [],
  env: Record<string, string> = {},
  fixedPort?: number,
): Promise<ServeChild> {
  const port = fixedPort ?? (await freePort());
  const extra = typeof args === 'function' ? args(port) : args;
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', ...locationArgs(where), ...extra],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errText = '';
  child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
  const started = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"url"'));
      if (line) resolve(JSON.parse(line) as Record<string, unknown>);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${errText}`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    port,
    started,
    stderr: () => errText,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Runs a `checkpoint` command as a child process on a location; throws on a non-zero exit. Returns stdout. */
export function cliChild(args: string[], where: Location): string {
  const r = spawnSync(process.execPath, [CLI, ...args, ...locationArgs(where)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`checkpoint ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** POSTs JSON to a running server with the real fetch; returns the status, headers and parsed body. */
export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: res.status, headers: res.headers, json };
}

/** Enrols a new device over HTTP with a token from the database; returns its id and key. */
export async function enrolOverHttp(
  baseUrl: string,
  db: ServerDb,
  venueId: string,
): Promise<{ id: string; key: ReturnType<typeof deviceKey> }> {
  const key = deviceKey();
  const id = crypto.randomUUID();
  const { token } = await db.devices.createEnrolToken(venueId, 60_000);
  const res = await postJson(`${baseUrl}/api/v1/enrol`, {
    token,
    deviceId: id,
    publicKey: toBase64(key.publicKey),
  });
  if (res.status !== 201) throw new Error(`enrol: ${res.status} ${JSON.stringify(res.json)}`);
  return { id, key };
}

/** A device's records as the uploader sends them: signed, in the upload's wire form (src/core/wire.ts). */
export async function signedUpload(
  deviceId: string,
  records: readonly DecisionRecord[],
  key: ReturnType<typeof deviceKey>,
): Promise<BatchUpload> {
  const signed = await signBatch(deviceId, records, key.signer, new Date().toISOString());
  if (!signed.ok) throw new Error(`signBatch: ${JSON.stringify(signed.error)}`);
  return uploadOf(signed.value);
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ") "; utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Milliseconds `fn` takes. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
