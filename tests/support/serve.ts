// `checkpoint serve` as a child process (started on a free port and waited for, alone or for a suite), talking
// to it over real HTTP, and measuring it. In-process servers: tests/support/server.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { toBase64 } from '../../src/core/bytes.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { CLI, locationArgs, ROOT, type Location } from './cli.js';
import type { DecisionRecord } from '../../src/core/log.js';
import {
  addVenue,
  deviceKey,
  signedUpload,
  sqliteBackend,
  suiteDb,
  type Backend,
  type SuiteDb,
} from './server.js';

/** A TCP port nobody listens on right now (on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
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

/** Uploads a device's records to a running server as its uploader does (signed, POST /api/v1/batches). */
export async function postBatch(
  baseUrl: string,
  device: { id: string; key: ReturnType<typeof deviceKey> },
  records: readonly DecisionRecord[],
) {
  return postJson(`${baseUrl}/api/v1/batches`, await signedUpload(device.id, records, device.key));
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
