// sync.*: decision records ingested per second from signed batches of 500, through the server's real HTTP
// route (POST /api/v1/batches, Fastify on 127.0.0.1), into SQLite and into PostgreSQL.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import nacl from 'tweetnacl';
import { v7 as uuidv7 } from 'uuid';
import { MAX_BATCH_RECORDS, signBatch, uploadOf, verifyBatch } from '../lib/core/batch.js';
import { naclEd25519, webCryptoEd25519 } from '../lib/core/ed25519.js';
import { chainRecord } from '../lib/core/log.js';
import { buildServer } from '../lib/server/app.js';
import { openDb } from '../lib/server/db/open.js';
import { runChild } from './common/child.mjs';
import { sqliteCommitCost } from './common/sqlite-commit.mjs';

const PG_BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function entry(i, at) {
  return {
    at,
    venueId: 'bench-venue',
    policy: 'zj-2020',
    policyVersion: 1,
    source: 'scan',
    result: 'ok',
    colour: i % 10 === 9 ? 'yellow' : 'green',
    decision: i % 10 === 9 ? 'deny' : 'admit',
    actions: [],
    rules: ['green-pass'],
    iss: 'CN-ZJ',
    subject: ((i * 2654435761) >>> 0).toString(16).padStart(32, '0'),
    maskedName: '张*三',
    idLast4: String(1000 + (i % 9000)),
    temperature: 36.5,
    override: null,
    sealed: null,
  };
}

/** One enrolled device and its records, already chained and signed into batches (the device's work). */
async function deviceBatches(db, batches) {
  const venue = await db.venues.add({
    name: 'Bench venue',
    category: 'general',
    policy: 'zj-2020',
    settings: {},
  });
  const { token } = await db.devices.createEnrolToken(venue.id, 3_600_000);
  const keys = nacl.sign.keyPair();
  const deviceId = randomUUID();
  const enrolled = await db.devices.enrol({ token, deviceId, publicKey: keys.publicKey, label: 'bench' });
  if (!enrolled.ok) throw new Error(`enrol failed: ${enrolled.error}`);
  const signer = { publicKey: keys.publicKey, sign: async (m) => nacl.sign.detached(m, keys.secretKey) };
  const start = Date.now() - 3_600_000;
  let prev = null;
  const bodies = [];
  for (let b = 0; b < batches; b++) {
    const records = [];
    for (let k = 0; k < MAX_BATCH_RECORDS; k++) {
      const i = b * MAX_BATCH_RECORDS + k;
      const at = new Date(start + i * 50).toISOString();
      prev = chainRecord(entry(i, at), { id: uuidv7(), deviceId, prev });
      records.push(prev);
    }
    const signed = await signBatch(deviceId, records, signer, new Date().toISOString());
    if (!signed.ok) throw new Error(`signBatch failed: ${JSON.stringify(signed.error)}`);
    bodies.push({ upload: JSON.stringify(uploadOf(signed.value)), signed: signed.value });
  }
  return bodies;
}

/** Records per second over `batches` uploads, one after another as one device's uploader sends them. */
async function measure(db, batches) {
  const app = await buildServer({ db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address();
  try {
    // The first batch (warm-up: JIT, prepared statements, today's partition) is sent but not timed.
    const bodies = await deviceBatches(db, batches + 1);
    const post = async ({ upload }) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/batches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: upload,
      });
      const ack = await res.json();
      if (res.status !== 200 || ack.accepted?.length !== MAX_BATCH_RECORDS)
        throw new Error(`upload answered ${res.status}: ${JSON.stringify(ack).slice(0, 200)}`);
    };
    await post(bodies[0]);
    const t0 = performance.now();
    for (const body of bodies.slice(1)) await post(body);
    const seconds = (performance.now() - t0) / 1000;
    // Where a batch's time goes: the batch check alone, with the route's tweetnacl and with WebCrypto.
    const parsed = bodies.slice(1).map((b) => b.signed);
    const publicKey = (await db.devices.get(parsed[0].batch.deviceId)).publicKey;
    const key = Uint8Array.from(Buffer.from(publicKey, 'base64'));
    const perBatch = async (ed) => {
      const t = performance.now();
      for (const p of parsed)
        if (!(await verifyBatch(p, key, ed)).ok) throw new Error('verifyBatch refused a bench batch');
      return Number(((performance.now() - t) / parsed.length).toFixed(1));
    };
    return {
      perS: (batches * MAX_BATCH_RECORDS) / seconds,
      bodyKb: Math.round(bodies[1].upload.length / 1000),
      detail: {
        batch_ms: Number(((seconds * 1000) / batches).toFixed(1)),
        verifyBatch_tweetnacl_ms: await perBatch(naclEd25519),
        verifyBatch_webcrypto_ms: await perBatch(await webCryptoEd25519()),
      },
    };
  } finally {
    await app.close();
  }
}

/**
 * Measures the database `open` gives (closing it after) and emits `name`: the figure with the note and detail
 * `describe` gives it, or null and why it failed.
 */
async function measureInto(emit, name, batches, open, describe) {
  try {
    const db = await open();
    try {
      const r = await measure(db, batches);
      emit(name, { value: r.perS, ...describe(r) });
    } finally {
      await db.close();
    }
  } catch (e) {
    emit(name, {
      value: null,
      note: `failed: ${String(e instanceof Error ? e.message : e).slice(0, 200)}`,
    });
  }
}

await runChild(async ({ quick }, emit) => {
  const batches = quick ? 6 : 60;
  const how = (b) =>
    `${batches} signed batches of ${MAX_BATCH_RECORDS} chained records (${b} kB JSON each) POSTed one after another to /api/v1/batches over HTTP on 127.0.0.1: Fastify schema validation, Ed25519 batch signature and per-record hash checks, chain checks, one transaction each; the first (warm-up) batch untimed`;

  const dir = mkdtempSync(join(tmpdir(), 'bench-sqlite-'));
  try {
    await measureInto(
      emit,
      'sync.sqlite.records_per_s',
      batches,
      () => openDb({ data: dir }),
      (r) => ({
        note: `${how(r.bodyKb)}; SQLite file in ${tmpdir()} (WAL, synchronous = FULL)`,
        // What FULL costs beside NORMAL, per commit (median), measured on its own (bench/common/sqlite-commit.mjs).
        detail: { ...r.detail, sqlite_commit_ms: sqliteCommitCost(quick) },
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Its own schema in the shared `test` database, dropped afterwards, so other work there is not touched.
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_BASE });
  try {
    await admin.connect();
  } catch (e) {
    emit('sync.postgres.records_per_s', {
      value: null,
      note: `PostgreSQL not reachable at ${PG_BASE}: ${e instanceof Error ? e.message : String(e)}`,
    });
    return;
  }
  try {
    await measureInto(
      emit,
      'sync.postgres.records_per_s',
      batches,
      async () => {
        await admin.query(`CREATE SCHEMA ${schema}`);
        return openDb({ databaseUrl: `${PG_BASE}?schema=${schema}` });
      },
      (r) => ({
        note: `${how(r.bodyKb)}; PostgreSQL at 127.0.0.1:5432 (pool of 10), schema ${schema} (dropped after)`,
        detail: r.detail,
      }),
    );
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
});
