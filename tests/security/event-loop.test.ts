// Issue 11 item 9, "blocking the event loop", the parts about SQLite, against a real `checkpoint serve`: another
// process holding the database's write lock (an admin command, a second server) must not freeze the server, and
// `checkpoint revoke` of 300,000 entries must not hold it up for the whole import (before, an upload during the
// import waited for all of it, then failed after the 10 s busy timeout). The latency bound is loose: this
// machine is shared. And a new phone enrolling once the 300,000 entries are in: the server builds the shared
// snapshot of that version (issue 14) in a worker thread, so /healthz keeps answering meanwhile. And an old client
// (no `format`) asking for the self-contained format-1 bundle of a long list, or enrolling with the previous app:
// before, the server built it on the event loop, per request (8.2 s at 600,000 revocations, /healthz waiting
// 7.7 s); now in the same worker thread, byte for byte the bundle it always got, on SQLite and PostgreSQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import nacl from 'tweetnacl';
import { bundleRequestBytes } from '../../src/core/bundle.js';
import { toBase64 } from '../../src/core/bytes.js';
import { bundleFor } from '../../src/server/bundles.js';
import { chain } from '../support/chains.js';
import { CLI, ensureBuilt, locationArgs, ROOT } from '../support/cli.js';
import { enrolOverHttp, postJson, timed, type ServeChild, suiteServe } from '../support/serve.js';
import { revocationEntries } from '../support/revocations.js';
import { BACKENDS, deviceKey, signedUpload } from '../support/server.js';

beforeAll(() => ensureBuilt(), 120_000);

/** Probes /healthz every few ms while `work` runs; returns the slowest answer (ms) and what work returned. */
async function slowestHealthz<T>(
  server: ServeChild,
  work: () => Promise<T>,
): Promise<{ slowest: number; value: T }> {
  let running = true;
  const latencies: number[] = [];
  const probe = (async () => {
    while (running) {
      latencies.push((await timed(() => fetch(`${server.url}/healthz`).then((r) => r.text()))).ms);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    return { value: await work(), slowest: Math.max(0, ...latencies) };
  } finally {
    running = false;
    await probe;
  }
}

/** Resolves once some other process holds the file's write lock (or once `done` settles). */
async function importWriting(file: string, done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.then(() => (finished = true));
  const probe = new Database(file, { timeout: 0 });
  try {
    while (!finished) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    probe.close();
  }
}

describe('SQLite writers in other processes', () => {
  const t = suiteServe();

  /** A write: a new phone enrolling (its token made beforehand, so only the request itself writes). */
  const enrolment = async () => {
    const { token } = await t.db.devices.createEnrolToken(t.venueId, 60_000);
    const key = deviceKey();
    return () =>
      postJson(`${t.serve.url}/api/v1/enrol`, {
        token,
        deviceId: crypto.randomUUID(),
        publicKey: toBase64(key.publicKey),
      });
  };

  it('keeps answering while another process holds the write lock, and writes once it is released', async () => {
    const enrol = await enrolment();
    const other = new Database(join(t.backend.location().data!, 'checkpoint.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    const { slowest, value } = await slowestHealthz(t.serve, async () => {
      const stored = enrol();
      await new Promise((r) => setTimeout(r, 2000));
      other.exec('ROLLBACK');
      other.close();
      return stored;
    });
    expect(value.status).toBe(201);
    expect(slowest).toBeLessThan(1000);
  }, 30_000);

  it('keeps answering, and takes uploads, while `checkpoint revoke` imports 300,000 entries', async () => {
    const device = await enrolOverHttp(t.serve.url, t.db, t.venueId);
    const upload = await signedUpload(device.id, chain(device.id, t.venueId, 5), device.key);
    const file = join(t.backend.location().data!, 'revocations.json');
    const before = new Date(Date.UTC(2030, 0, 1)).toISOString();
    const entries = Array.from({ length: 300_000 }, () => ({
      iss: 'CN-ZJ',
      subject: randomBytes(16).toString('hex'),
      before,
    }));
    writeFileSync(file, JSON.stringify({ entries }));
    const { slowest, value } = await slowestHealthz(t.serve, async () => {
      const revoke = spawn(process.execPath, [CLI, 'revoke', file, ...locationArgs(t.backend.location())], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '' },
        stdio: 'ignore',
      });
      const done = new Promise<number | null>((r) => revoke.once('exit', r));
      // Once the import is writing (another writer finds the file locked), a device uploads.
      await importWriting(join(t.backend.location().data!, 'checkpoint.sqlite'), done);
      const write = await timed(() => postJson(`${t.serve.url}/api/v1/batches`, upload));
      return { write, exit: await done };
    });
    expect(value.exit).toBe(0);
    expect(value.write.value.status).toBe(200);
    // Loose bounds (a shared 2-core machine, the CLI parsing 15 MB beside the server): the import itself takes
    // tens of seconds here, and before, the upload waited for all of it, or failed after the busy timeout.
    expect(value.write.ms).toBeLessThan(5000);
    expect(slowest).toBeLessThan(3000);
    expect(await t.db.trust.revocationCount()).toBe(300_000);
  }, 180_000);

  it('keeps answering while the 300,000-entry snapshot is built for a phone enrolling, then serves it by hash', async () => {
    const { token } = await t.db.devices.createEnrolToken(t.venueId, 60_000);
    const key = deviceKey();
    const { slowest, value } = await slowestHealthz(t.serve, () =>
      postJson(`${t.serve.url}/api/v1/enrol`, {
        token,
        deviceId: crypto.randomUUID(),
        publicKey: toBase64(key.publicKey),
        format: 2,
      }),
    );
    expect(value.status).toBe(201);
    const shared = (
      JSON.parse((value.json as { bundle: { body: string } }).bundle.body) as {
        shared: { kind: string; hash: string; size: number };
      }
    ).shared;
    expect(shared.kind).toBe('full');
    // Every listed entry (300,000 once the import above is done) at 19 or 20 bytes, and the partition table.
    const listed = await t.db.trust.revocationCount();
    expect(listed).toBeGreaterThan(100_000);
    expect(shared.size).toBeGreaterThan(listed * 19);
    const object = await fetch(`${t.serve.url}/trust/snapshots/${shared.hash}`);
    expect(object.status).toBe(200);
    expect(object.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await object.arrayBuffer()).byteLength).toBe(shared.size);
    // Loose, as above: before, the bundle of 300,000 entries was built in one go and /healthz waited seconds.
    expect(slowest).toBeLessThan(1000);
  }, 180_000);
});

/**
 * Revocations in the format-1 attack: before, ~14 µs each on the event loop on a quiet machine (issue 11: 8.2 s at
 * 600,000), so this many held /healthz for about 2.8 s (25.7 s for 150,000 at load ~22 here); now the event loop
 * only sends the bytes the worker made. The bound is loose (a shared machine: up to 1.3 s seen at load ~25) and
 * still under the old stall.
 */
const FORMAT1_ENTRIES = 200_000;
const FORMAT1_BOUND_MS = 1500;

describe.each(BACKENDS)('an old client’s format-1 bundle of a long list on $name', ({ make }) => {
  const t = suiteServe(make);
  let device: Awaited<ReturnType<typeof enrolOverHttp>>;
  beforeAll(async () => {
    device = await enrolOverHttp(t.serve.url, t.db, t.venueId);
    await t.db.trust.addRevocations(revocationEntries(FORMAT1_ENTRIES));
    // Colours, and a revocation for this venue alone (as the demo's), are in the bytes too.
    await t.db.trust.addRevocations([
      { ...revocationEntries(1, 0)[0]!, before: 1_800_000_000, colour: 'red' },
    ]);
    await t.db.trust.addRevocations(revocationEntries(2, FORMAT1_ENTRIES), t.venueId);
  }, 180_000);

  /** The raw answer to a request made while /healthz is probed, with the slowest probe. */
  const attack = async (url: string, request: unknown) =>
    slowestHealthz(t.serve, async () => {
      const post = () =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
      // A pooled keep-alive connection the server closed meanwhile fails before the request is sent (seen once
      // under load): tried again once on a new connection.
      const res = await post().catch((e: unknown) => {
        if ((e as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw e;
        return post();
      });
      // Only the bytes while probing: decoding them in this process would hold up its own probe.
      return { status: res.status, type: res.headers.get('content-type'), bytes: await res.arrayBuffer() };
    }).then(({ slowest, value }) => ({ slowest, ...value, text: new TextDecoder().decode(value.bytes) }));

  /** The bundle in `answer` is the one the event loop used to build at its issue time, to the byte. */
  async function expectSameBundle(answer: { bundle: { body: string } }): Promise<void> {
    const body = JSON.parse(answer.bundle.body) as { issuedAt: string; revocations: unknown[]; kind: string };
    expect(body.kind).toBe('full');
    expect(body.revocations).toHaveLength(FORMAT1_ENTRIES + 2);
    const venue = (await t.db.venues.get(t.venueId))!;
    const before = await bundleFor(t.db, venue, 0, Date.parse(body.issuedAt));
    expect(answer.bundle).toStrictEqual(before.bundle);
  }

  it('is made off the event loop for a device asking with nothing held, and recorded as format 1', async () => {
    const at = new Date().toISOString();
    const signature = nacl.sign.detached(bundleRequestBytes(device.id, 0, at), device.key.secretKey);
    const value = await attack(`${t.serve.url}/api/v1/bundle`, {
      deviceId: device.id,
      since: 0,
      at,
      signature: toBase64(signature),
    });
    expect(value.status, value.text.slice(0, 300)).toBe(200);
    expect(value.type).toBe('application/json; charset=utf-8');
    const answer = JSON.parse(value.text) as { upToDate: boolean; version: number; bundle: { body: string } };
    // The answer's own JSON as the route's schema writes it: these keys in this order, nothing re-encoded.
    expect(Object.keys(answer)).toEqual(['upToDate', 'version', 'bundle']);
    expect(Object.keys(answer.bundle)).toEqual(['body', 'signature', 'keyId']);
    expect(value.text).toBe(JSON.stringify(answer));
    expect(answer.upToDate).toBe(false);
    expect(answer.version).toBe(await t.db.trust.version());
    await expectSameBundle(answer);
    const [noted] = await t.db.sql.all<{ format: number; version: number }>(
      'SELECT format, version FROM device_bundles WHERE device_id = $1',
      [device.id],
    );
    expect(noted && { format: Number(noted.format), version: Number(noted.version) }).toEqual({
      format: 1,
      version: answer.version,
    });
    expect(value.slowest).toBeLessThan(FORMAT1_BOUND_MS);
  }, 120_000);

  it('is made off the event loop for a phone enrolling with the previous app', async () => {
    const { token } = await t.db.devices.createEnrolToken(t.venueId, 60_000);
    const deviceId = crypto.randomUUID();
    const value = await attack(`${t.serve.url}/api/v1/enrol`, {
      token,
      deviceId,
      publicKey: toBase64(deviceKey().publicKey),
    });
    expect(value.status, value.text.slice(0, 300)).toBe(201);
    const answer = JSON.parse(value.text) as { deviceId: string; bundle: { body: string } };
    expect(Object.keys(answer)).toEqual(['deviceId', 'venueId', 'rootKey', 'keyId', 'bundle']);
    expect(value.text).toBe(JSON.stringify(answer));
    expect(answer.deviceId).toBe(deviceId);
    const body = JSON.parse(answer.bundle.body) as { kind: string; revocations: unknown[] };
    expect(body.kind).toBe('full');
    expect(body.revocations).toHaveLength(FORMAT1_ENTRIES + 2);
    expect(value.slowest).toBeLessThan(FORMAT1_BOUND_MS);
  }, 120_000);
});
