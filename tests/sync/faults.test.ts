// Fault tests: 10,000 records from four devices reach a real `checkpoint serve` child process exactly once while
// the network drops requests and answers, the server answers 500 and is SIGKILLed mid-batch and restarted,
// batches are replayed and reordered, and two uploaders race over one outbox. On SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { toBase64 } from '../../src/core/bytes.js';
import { signBatch, uploadOf } from '../../src/core/batch.js';
import { checkChain, type DecisionRecord } from '../../src/core/log.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { ServerApi, type Fetch } from '../../src/sync/api.js';
import { syncOnce } from '../../src/sync/uploader.js';
import { BACKENDS, type Backend } from '../support/server.js';
import { chain, deviceKey } from '../support/chains.js';
import { CLI, cliChild, ensureBuilt, ROOT } from '../support/cli.js';
import { MemoryOutbox, noLock } from './harness.js';

beforeAll(() => {
  // The child runs the compiled CLI: built by `npm test` first, or here when missing or stale.
  ensureBuilt();
}, 120_000);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function locationArgs(where: { data?: string; databaseUrl?: string }): string[] {
  return where.databaseUrl ? ['--database-url', where.databaseUrl] : ['--data', where.data!];
}

/** Starts `checkpoint serve` and resolves once it prints its listening line. */
function serve(where: { data?: string; databaseUrl?: string }, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', ...locationArgs(where)],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let errText = '';
    child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"url"')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${errText}`)));
  });
}

const cli = (args: string[], where: { data?: string; databaseUrl?: string }): string =>
  cliChild([...args, ...locationArgs(where)]).stdout;

const shuffle = <T>(xs: T[], seed: number): T[] => {
  const a = [...xs];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};

describe.each(BACKENDS)('exactly once under faults, $name', ({ make }) => {
  let backend: Backend;
  let db: ServerDb;
  let port: number;
  let child: ChildProcess;
  // On PostgreSQL a second `serve` process on the same database: the two must act as one server.
  let second: { child: ChildProcess; port: number } | null = null;
  let venueId: string;

  beforeAll(async () => {
    backend = make();
    db = await backend.open();
    venueId = (
      await db.venues.add({
        name: 'Station',
        category: 'transit-hub',
        policy: 'zhejiang-2020',
        settings: {},
      })
    ).id;
    port = await freePort();
    child = await serve(backend.location(), port);
    if (backend.name === 'postgres') {
      const port2 = await freePort();
      second = { child: await serve(backend.location(), port2), port: port2 };
    }
  }, 60_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    await db.close();
    await backend.cleanup();
  });

  const base = () => `http://127.0.0.1:${port}`;
  const base2 = () => `http://127.0.0.1:${second?.port ?? port}`;
  const realFetch: Fetch = async (url, init) => {
    const res = await fetch(url, init);
    return { status: res.status, json: () => res.json() as Promise<unknown> };
  };

  async function enrolDevice(n: number) {
    const key = deviceKey();
    const id = crypto.randomUUID();
    const { token } = await db.devices.createEnrolToken(venueId, 60_000);
    const res = await fetch(`${base()}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, deviceId: id, publicKey: toBase64(key.publicKey) }),
    });
    expect(res.status).toBe(201);
    const records = chain(id, venueId, n);
    const outbox = new MemoryOutbox();
    outbox.add(records);
    return { id, key, records, outbox };
  }

  it('loses nothing and doubles nothing across 10,000 records', async () => {
    const [a, b, c, d] = await Promise.all([
      enrolDevice(3000),
      enrolDevice(3000),
      enrolDevice(2500),
      enrolDevice(1500),
    ]);
    let requests = 0;
    let killed = 0;
    let restarting: Promise<void> | null = null;
    // The network: some requests never arrive, some answers are lost, some are 500s; twice the server is
    // SIGKILLed while a batch is in flight and started again on the same port and data.
    const faulty: Fetch = async (url, init) => {
      const n = ++requests;
      if (restarting) await restarting.catch(() => undefined);
      if (n % 13 === 0) throw new TypeError('network down');
      if (n % 17 === 0)
        return { status: 500, json: async () => ({ error: 'server-error', message: 'injected' }) };
      if ((n === 6 || n === 18) && !restarting) {
        const inFlight = realFetch(url, init);
        await new Promise((r) => setTimeout(r, 3));
        child.kill('SIGKILL');
        killed++;
        restarting = new Promise<void>((r) => child.once('exit', () => r()))
          .then(() => serve(backend.location(), port))
          .then((c2) => {
            child = c2;
          })
          .finally(() => {
            restarting = null;
          });
        return inFlight;
      }
      const res = await realFetch(url, init);
      if (n % 11 === 0) throw new TypeError('answer lost');
      return res;
    };
    const uploader = (dev: Awaited<ReturnType<typeof enrolDevice>>, batchSize: number, url = base()) =>
      syncOnce({
        outbox: dev.outbox,
        api: new ServerApi(url, faulty),
        deviceId: dev.id,
        signer: dev.key.signer,
        lock: noLock,
        batchSize,
        maxAttempts: 400,
        baseDelayMs: 20,
        maxDelayMs: 400,
      });

    // Device d's batches are replayed and reordered: signed in chunks, sent shuffled, each twice.
    const replayer = async () => {
      const chunks: DecisionRecord[][] = [];
      for (let i = 0; i < d.records.length; i += 100) chunks.push(d.records.slice(i, i + 100));
      const api = new ServerApi(base(), realFetch);
      for (const chunk of shuffle([...chunks, ...chunks], 7)) {
        const signed = await signBatch(d.id, chunk, d.key.signer, new Date().toISOString());
        if (!signed.ok) throw new Error('sign');
        for (;;) {
          if (restarting) await restarting.catch(() => undefined);
          const answer = await api.upload(uploadOf(signed.value));
          if (answer.kind === 'ok') {
            await d.outbox.markSynced([...answer.value.accepted, ...answer.value.duplicates]);
            break;
          }
          if (answer.kind === 'refused') throw new Error(answer.message);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };

    const outcomes = await Promise.all([
      uploader(a, 500),
      uploader(b, 250, base2()),
      // Two uploaders racing over one outbox (two tabs without a lock); on PostgreSQL through two servers.
      uploader(c, 500),
      uploader(c, 300, base2()),
      replayer(),
    ]);
    for (const o of outcomes.slice(0, 4)) expect(o).toMatchObject({ kind: 'done' });
    expect(killed).toBe(2);

    const exported = JSON.parse(cli(['export', '--format', 'json'], backend.location())) as {
      records: DecisionRecord[];
    };
    const all = [a, b, c, d].flatMap((x) => x.records);
    expect(all).toHaveLength(10_000);
    expect(exported.records).toHaveLength(10_000);
    expect(new Set(exported.records.map((r) => r.id)).size).toBe(10_000);
    for (const dev of [a, b, c, d]) {
      const mine = exported.records
        .filter((r) => r.deviceId === dev.id)
        .sort((x, y) => x.seq - y.seq)
        // The export adds when the server received each record; the chain covers the device's fields only.
        .map(({ receivedAt: _received, ...r }: DecisionRecord & { receivedAt?: string }) => r);
      expect(mine.map((r) => r.id)).toEqual(dev.records.map((r) => r.id));
      expect(checkChain(mine, null)).toBeNull();
      expect(await dev.outbox.pendingCount()).toBe(0);
    }
    const devices = JSON.parse(cli(['device', 'list'], backend.location())) as {
      devices: { id: string; received: number; openGaps: number; forks: number }[];
    };
    for (const dev of devices.devices) expect([dev.openGaps, dev.forks]).toEqual([0, 0]);
  }, 180_000);

  it('measures the clean ingest rate', async () => {
    const dev = await enrolDevice(5000);
    const t0 = performance.now();
    const outcome = await syncOnce({
      outbox: dev.outbox,
      api: new ServerApi(base(), realFetch),
      deviceId: dev.id,
      signer: dev.key.signer,
      lock: noLock,
    });
    const seconds = (performance.now() - t0) / 1000;
    expect(outcome).toMatchObject({ kind: 'done', sent: 5000 });
    console.log(
      `ingest ${backend.name}: ${Math.round(5000 / seconds)} records/s (5,000 in batches of 500 over HTTP)`,
    );
  }, 120_000);
});
