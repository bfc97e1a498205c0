// Server suites in-process: both database backends (a fresh database each), a suite's database or Fastify app,
// an in-process server with an enrolled device, and signed uploads for it. Child processes: tests/support/serve.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { signBatch, uploadOf } from '../../src/core/batch.js';
import type { DecisionRecord } from '../../src/core/log.js';
import type { BatchUpload } from '../../src/core/wire.js';
import { buildServer, type ServerOptions } from '../../src/server/app.js';
import { ServerDb } from '../../src/server/db/index.js';
import { openPostgres } from '../../src/server/db/postgres.js';
import { openSqlite } from '../../src/server/db/sqlite.js';
import { deviceKey } from './chains.js';
import type { Location } from './cli.js';

/** A device key pair and a Signer over it (tests/support/chains.ts), here too for the server tests. */
export { deviceKey };

/** The PostgreSQL the tests use: DATABASE_URL, or the local test database. */
export const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

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

/** An in-process server (Fastify inject, no port) on its own backend; close() removes the database too. */
export interface OpenServer {
  backend: Backend;
  db: ServerDb;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Opens the backend's database and builds a server on it; `options` are passed to buildServer. */
export async function openServer(backend: Backend, options: AppOptions = {}): Promise<OpenServer> {
  const db = await backend.open();
  const app = await buildServer({ db, distDir: null, ...options });
  const close = async () => {
    await app.close();
    await db.close();
    await backend.cleanup();
  };
  return { backend, db, app, close };
}

/** An in-process server on a fresh backend, with one venue and one enrolled device. */
export interface InProcessServer extends OpenServer {
  device: EnrolledDevice;
}

/** Starts an in-process server; `options` are passed to buildServer. */
export async function inProcessServer(
  backend: Backend = sqliteBackend(),
  options: AppOptions = {},
): Promise<InProcessServer> {
  const server = await openServer(backend, options);
  return { ...server, device: await enrolDevice(server.db) };
}

/** A suite's in-process server with one enrolled device, and the root public key its bundles are signed with. */
export interface SuiteServer extends InProcessServer {
  root: Uint8Array;
}

/**
 * Starts an in-process server with an enrolled device on a fresh database before the suite's tests, after
 * `prepare` has filled the database; closes and removes it after them.
 */
export function suiteServer(
  make: () => Backend = sqliteBackend,
  prepare: (db: ServerDb) => Promise<unknown> = async () => undefined,
): SuiteServer {
  const s = {} as SuiteServer;
  beforeAll(async () => {
    Object.assign(s, await inProcessServer(make()));
    await prepare(s.db);
    s.root = (await s.db.meta.rootKey()).publicKey;
  }, 60_000);
  afterAll(() => s.close());
  return s;
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
