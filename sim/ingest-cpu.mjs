// `node sim/ingest-cpu.mjs [--devices 40] [--uploads 400] [--size 40]`: the CPU one `serve` process spends per
// uploaded record, without the cluster's noise: the real app in this process on PostgreSQL (its own schema in
// the `test` database, dropped after), uploads made ahead by simulated devices and sent by Fastify's inject (no
// client sockets), 8 at a time. Prints CPU µs per upload and per record, in all and by step of the route.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { checkBatch, openUpload } from '../lib/core/batch.js';
import { bestEd25519 } from '../lib/core/ed25519.js';
import { buildServer } from '../lib/server/app.js';
import { openDb } from '../lib/server/db/open.js';
import { SimDevice } from './device.mjs';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '40' },
    uploads: { type: 'string', default: '400' },
    size: { type: 'string', default: '40' },
  },
});
// SIM_PROFILE=file.cpuprofile: a V8 CPU profile of the timed uploads only.
async function profile() {
  const file = process.env.SIM_PROFILE;
  if (!file) return { stop: async () => {} };
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => writeFileSync(file, JSON.stringify((await session.post('Profiler.stop')).profile)),
  };
}

const PG_BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sim_ingest_${process.pid}`;
const admin = new pg.Client({ connectionString: PG_BASE });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
try {
  const db = await openDb({ databaseUrl: `${PG_BASE}?schema=${schema}` });
  const app = await buildServer({ db, logger: false });
  try {
    const venue = await db.venues.add({ name: 'v', category: 'mall', policy: 'zhejiang-2020', settings: {} });
    const devices = [];
    for (let i = 0; i < Number(values.devices); i++) {
      const d = new SimDevice(i, 'http://x/#token=none', venue.id, 1e9, 14);
      const { token } = await db.devices.createEnrolToken(venue.id, 3_600_000);
      const e = await db.devices.enrol({ token, deviceId: d.id, publicKey: d.publicKey, label: 's' });
      if (!e.ok) throw new Error(`enrol: ${JSON.stringify(e.error)}`);
      devices.push(d);
    }
    const size = Number(values.size);
    const uploads = [];
    for (let u = 0; u < Number(values.uploads); u++) {
      const d = devices[u % devices.length];
      uploads.push({ deviceId: d.id, payload: JSON.stringify(await d.upload(d.scan(size))) });
    }
    const post = async (payload) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/batches',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 200)}`);
    };
    // Warm-up (JIT, the keys kept, today's partition): the first upload of each device, untimed.
    const warm = uploads.splice(0, devices.length);
    for (const u of warm) await post(u.payload);
    const records = uploads.length * size;
    const profiler = await profile();
    const c0 = cpu();
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < uploads.length) await post(uploads[next++].payload);
      }),
    );
    const total = cpu() - c0;
    const split = process.cpuUsage(u0);
    await profiler.stop();
    const wall = performance.now() - t0;
    // The route's steps on their own, over the same uploads.
    const keyOf = new Map(devices.map((d) => [d.id, d.publicKey]));
    const ed = await bestEd25519();
    const bodies = uploads.map((u) => JSON.parse(u.payload));
    const step = async (fn) => {
      const s = cpu();
      for (const b of bodies) await fn(b);
      return (cpu() - s) / records;
    };
    const parsed = bodies.map((b) => JSON.parse(b.body));
    const out = {
      uploads: uploads.length,
      recordsPerUpload: size,
      cpuUsPerUpload: Math.round(total / uploads.length),
      cpuUsPerRecord: Math.round((total / records) * 10) / 10,
      systemShare: Math.round((split.system / (split.user + split.system)) * 100) / 100,
      wallRecordsPerS: Math.round(records / (wall / 1000)),
      steps: {
        parseOuter: await step(async (b) => JSON.parse(JSON.stringify(b))),
        openUpload: await step(async (b) => openUpload(b, keyOf.get(b.deviceId), ed)),
        parseBody: await step(async (b) => JSON.parse(b.body)),
      },
    };
    let i = 0;
    out.steps.checkBatchCore = await step(async () => checkBatch(parsed[i++ % parsed.length]));
    // The ingest alone (RecordRepo.ingest: one transaction) over new uploads of the same devices.
    const more = [];
    for (let u = 0; u < uploads.length; u++) {
      const d = devices[u % devices.length];
      more.push((await d.upload(d.scan(size))).body);
    }
    const batches = more.map((b) => JSON.parse(b));
    let m = 0;
    const s0 = cpu();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (m < batches.length) {
          const r = await db.records.ingest(batches[m++], { now: Date.now(), oldestMs: null });
          if (!r.ok) throw new Error(JSON.stringify(r.error));
        }
      }),
    );
    out.steps.ingest = (cpu() - s0) / records;
    for (const [k, v] of Object.entries(out.steps)) out.steps[k] = Math.round(v * 10) / 10;
    console.log(JSON.stringify(out));
  } finally {
    await app.close();
    await db.close();
  }
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
