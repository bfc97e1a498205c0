// Issue 11 item 10, "errors and timeouts", against a real `checkpoint serve` on SQLite and PostgreSQL: the
// database's words never reach a client; a stuck database answers 503 with Retry-After instead of hanging; a
// client that sends its request too slowly gets 408; the device's fetch gives up on a server that never answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type Server, type Socket } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { signBatch, uploadOf } from '../../src/core/batch.js';
import { chainRecord } from '../../src/core/log.js';
import { splitDatabaseUrl } from '../../src/server/db/postgres.js';
import { ServerApi } from '../../src/sync/api.js';
import { chain } from '../support/chains.js';
import { sampleEntry } from '../support/entries.js';
import { ensureBuilt } from '../support/cli.js';
import { enrolOverHttp, postJson, serveChild, timed, type ServeChild, suiteServe } from '../support/serve.js';
import { BACKENDS, signedUpload, type Backend } from '../support/server.js';

beforeAll(() => ensureBuilt(), 120_000);

/** What only a database says: SQLite's and PostgreSQL's messages, constraint and relation names. */
const DATABASE_WORDS =
  /constraint|SQLITE|sqlite|duplicate key|byte sequence|relation|syntax|statement|pkey|timeout/i;

describe.each(BACKENDS)('database errors and timeouts, on $name', ({ make }) => {
  const t = suiteServe(make);
  // Started with short timeouts, for the tests that wait for them.
  let impatient: ServeChild;
  let device: Awaited<ReturnType<typeof enrolOverHttp>>;

  beforeAll(async () => {
    device = await enrolOverHttp(t.serve.url, t.db, t.venueId);
    impatient = await serveChild(t.backend.location(), ['--db-timeout', '1s', '--request-timeout', '1s']);
  }, 60_000);
  afterAll(async () => {
    await impatient?.stop();
  });

  it('refuses a NUL in a device id as a bad request, without the encoding error', async () => {
    const res = await postJson(`${t.serve.url}/api/v1/bundle`, {
      deviceId: 'device\u0000one',
      since: 0,
      at: new Date().toISOString(),
      signature: 'AAAA',
    });
    expect([res.status, res.json.error]).toEqual([400, 'invalid-request']);
    expect(JSON.stringify(res.json)).not.toMatch(DATABASE_WORDS);
  });

  it('refuses one record id twice in a batch, in either upload format, without the constraint name', async () => {
    const [first] = chain(device.id, t.venueId, 1);
    const twin = chainRecord(sampleEntry(2, t.venueId), { id: first!.id, deviceId: device.id, prev: first! });
    const signed = await signBatch(device.id, [first!, twin], device.key.signer, new Date().toISOString());
    if (!signed.ok) throw new Error('sign');
    for (const upload of [uploadOf(signed.value), signed.value]) {
      const res = await postJson(`${t.serve.url}/api/v1/batches`, upload);
      expect(res.status).not.toBe(500);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(res.json)).not.toMatch(DATABASE_WORDS);
    }
  });

  it('answers 503 with Retry-After, soon, while another process holds the database locked', async () => {
    const upload = await signedUpload(
      device.id,
      chain(device.id, t.venueId, 3, null, (i) => sampleEntry(i + 10, t.venueId)),
      device.key,
    );
    const release = await lockDatabase(t.backend);
    try {
      const { ms, value: res } = await timed(() => postJson(`${impatient.url}/api/v1/batches`, upload));
      expect([res.status, res.json.error]).toEqual([503, 'unavailable']);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.stringify(res.json)).not.toMatch(DATABASE_WORDS);
      expect(ms).toBeLessThan(6000);
    } finally {
      await release();
    }
    // The lock gone, the same upload is stored.
    expect((await postJson(`${impatient.url}/api/v1/batches`, upload)).status).toBe(200);
  }, 30_000);

  it('answers 408 to a client that does not finish sending its request', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(impatient.port, '127.0.0.1', () => {
        socket.write(
          'POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":',
        );
      });
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('close', () => resolve(got));
      setTimeout(() => {
        socket.destroy();
        resolve(got || 'no answer after 8 s');
      }, 8000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, 15_000);
});

/** Holds the write lock (SQLite) or an exclusive lock on the devices table (PostgreSQL) until released. */
async function lockDatabase(backend: Backend): Promise<() => Promise<void>> {
  const where = backend.location();
  if (where.data) {
    const file = new Database(`${where.data}/checkpoint.sqlite`);
    file.exec('BEGIN IMMEDIATE');
    return async () => {
      file.exec('ROLLBACK');
      file.close();
    };
  }
  const { connectionString, schema } = splitDatabaseUrl(where.databaseUrl!);
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE devices IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('ROLLBACK');
    await client.end();
  };
}

describe("the device's requests", () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let port = 0;
  beforeAll(async () => {
    // Accepts connections and never answers: a hung server, or a proxy that lost its upstream.
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((r) => silent.close(() => r()));
  });

  it('give up on a server that never answers, and say try again', async () => {
    const api = new ServerApi(`http://127.0.0.1:${port}`, (url, init) => fetch(url, init), {
      timeoutMs: 300,
    });
    const { ms, value } = await timed(() =>
      api.bundle({ deviceId: 'dev-00000001', since: 0, at: '', signature: '' }),
    );
    expect(value.kind).toBe('retry');
    expect(ms).toBeLessThan(3000);
  });
});
