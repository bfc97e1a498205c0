// Console test support: an in-process server with two venues (A and B), a reported red code at each, and
// sign-in as a venue manager or the authority, with the headers the console page sends.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { signBatch } from '../../src/core/batch.js';
import { CONSOLE_API_BASE, type ConsoleRole } from '../../src/core/console-wire.js';
import type { DecisionEntry } from '../../src/core/log.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { chain } from './chains.js';
import { entry } from './entries.js';
import { enrolDevice, openServer, type Backend, type EnrolledDevice, type OpenServer } from './server.js';

/** The host the console is reached at in these tests, and so its own origin. */
export const HOST = 'checkpoint.test';
export const ORIGIN = `http://${HOST}`;

/** What a manual entry's sealed box holds in these tests: it must never reach the console. */
export const SEALED = 'U0VBTEVELU1BTlVBTC1EQVRB';

/** A red code held and reported (001 §2(1), rule red-no-entry) `ms` before now, staffed by `staff`. */
export const redEntry = (ms: number, staff = 'No. 7'): DecisionEntry =>
  ({
    ...entry(new Date(Date.now() - ms).toISOString(), {
      colour: 'red',
      decision: 'deny',
      actions: ['hold', 'report', 'escort'],
      rules: ['red-no-entry'],
      maskedName: '王*',
      idLast4: '4321',
    }),
    staff,
  }) as DecisionEntry;

/** A manual entry with its sealed box, admitted `ms` before now. */
export const manualEntry = (ms: number): DecisionEntry =>
  entry(new Date(Date.now() - ms).toISOString(), {
    source: 'manual',
    result: 'manual',
    iss: null,
    subject: null,
    maskedName: '赵*',
    idLast4: '9876',
    sealed: SEALED,
    rules: ['manual-no-smartphone'],
    actions: ['verify-identity', 'mask'],
  });

/** A venue of the world: its id, an enrolled device, and the id of its report. */
export interface WorldVenue {
  id: string;
  device: EnrolledDevice;
  reportId: string;
}

/** The server, its database, venues A and B. */
export interface ConsoleWorld extends OpenServer {
  a: WorldVenue;
  b: WorldVenue;
}

/** Uploads records to the server's database as a device's signed batch would arrive. */
export async function ingest(db: ServerDb, d: EnrolledDevice, make: (seq: number) => DecisionEntry, n = 1) {
  const signed = await signBatch(
    d.id,
    chain(d.id, d.venueId, n, null, make),
    d.key.signer,
    new Date().toISOString(),
  );
  if (!signed.ok) throw new Error(signed.error.kind);
  const stored = await db.records.ingest(signed.value.batch);
  if (!stored.ok) throw new Error(stored.error.kind);
}

/** Builds the world on a fresh backend: at each venue a red code reported, and at A a manual entry too. */
export async function consoleWorld(backend: Backend, distDir: string | null = null): Promise<ConsoleWorld> {
  const server = await openServer(backend, { distDir });
  const venue = async (seqs: (seq: number) => DecisionEntry, n: number): Promise<WorldVenue> => {
    const device = await enrolDevice(server.db);
    await ingest(server.db, device, seqs, n);
    const [report] = (await server.db.reports.list({ venue: device.venueId }, null)).reports;
    return { id: device.venueId, device, reportId: report!.id };
  };
  const a = await venue((seq) => (seq === 1 ? redEntry(3_600_000) : manualEntry(1_800_000)), 2);
  const b = await venue(() => redEntry(600_000, 'No. 9'), 1);
  return { ...server, a, b };
}

/** A suite's console world on a fresh database of `make`'s backend, built before its tests, closed after them. */
export function suiteWorld(make: () => Backend): ConsoleWorld {
  const world = {} as ConsoleWorld;
  beforeAll(async () => void Object.assign(world, await consoleWorld(make())));
  afterAll(() => world.close());
  return world;
}

/** A console user: their cookie, and requests made as the console page makes them. */
export interface ConsoleClient {
  cookie: string;
  get(path: string): Promise<LightMyRequestResponse>;
  post(path: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(path: string): Promise<LightMyRequestResponse>;
}

/** The headers of a change from the console page (our header, our Origin), with a cookie when given. */
export const pageHeaders = (cookie?: string): Record<string, string> => ({
  host: HOST,
  origin: ORIGIN,
  'x-checkpoint-console': '1',
  ...(cookie ? { cookie } : {}),
});

/** A request to the console API, as given. */
export const consoleRequest = (
  app: FastifyInstance,
  opts: InjectOptions & { url: string },
): Promise<LightMyRequestResponse> => app.inject({ ...opts, url: `${CONSOLE_API_BASE}${opts.url}` });

/** Grants a sign-in (as the CLI does), signs in with it as the page does, and returns the client. */
export async function signIn(
  world: Pick<ConsoleWorld, 'db' | 'app'>,
  role: ConsoleRole,
  venueIds: string[] = [],
  label = `${role}-${Math.random().toString(36).slice(2, 8)}`,
): Promise<ConsoleClient> {
  const { token } = await world.db.console.grant({ role, venueIds, label, sessionTtlMs: 3_600_000 });
  const res = await consoleRequest(world.app, {
    method: 'POST',
    url: '/session',
    headers: pageHeaders(),
    payload: { token },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const headers = pageHeaders(cookie);
  return {
    cookie,
    get: (url) => consoleRequest(world.app, { method: 'GET', url, headers: { host: HOST, cookie } }),
    post: (url, body = {}) =>
      consoleRequest(world.app, { method: 'POST', url, headers, payload: body as object }),
    del: (url) => consoleRequest(world.app, { method: 'DELETE', url, headers }),
  };
}
