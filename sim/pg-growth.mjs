// `node sim/pg-growth.mjs [--sizes 0,500000,1000000] [--uploads 300] [--size 40] [--analyze]`: what PostgreSQL
// spends per ingested record as the records table grows. The real app in this process on PostgreSQL (its own
// schema in the `test` database, dropped after); at each size the table is filled up to it with other devices'
// records (SQL, untimed; ids time-ordered as uuidv7 makes them, device ids random; ANALYZEd only with
// --analyze), a CHECKPOINT is taken, then the uploads of 40 simulated devices are sent 8 at a time and measured:
// the machine's CPU outside this process (on a quiet machine, PostgreSQL's), WAL bytes and full-page images per
// record, and EXPLAIN (ANALYZE, BUFFERS) of the ingest's one read (db/ingest-read.ts) with the ingest's settings
// (`readPlan`) and without them (`readPlanUnforced`: its scans of records and its time). One JSON line per size.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildServer } from '../lib/server/app.js';
import { readChain } from '../lib/server/db/ingest-read.js';
import { openDb } from '../lib/server/db/open.js';
import { BY_INDEX } from '../lib/server/db/postgres.js';
import { SimDevice } from './device.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '0,500000,1000000' },
    uploads: { type: 'string', default: '300' },
    size: { type: 'string', default: '40' },
    analyze: { type: 'boolean', default: false },
  },
});
const PG_BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sim_growth_${process.pid}`;
const admin = new pg.Client({ connectionString: PG_BASE });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
await admin.query(`SET search_path = ${schema}`);

// The machine's busy CPU in ms (all cores), from /proc/stat: user, nice, system, irq, softirq, steal.
const machineMs = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) * 10;
};
const ownMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const wal = async () =>
  (await admin.query('SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal')).rows[0];

try {
  const db = await openDb({ databaseUrl: `${PG_BASE}?schema=${schema}` });
  const app = await buildServer({ db, logger: false });
  try {
    const venue = await db.venues.add({ name: 'v', category: 'mall', policy: 'zhejiang-2020', settings: {} });
    const devices = [];
    for (let i = 0; i < 40; i++) {
      const d = new SimDevice(i, 'http://x/#token=none', venue.id, 1e9, 14);
      const { token } = await db.devices.createEnrolToken(venue.id, 3_600_000);
      const e = await db.devices.enrol({ token, deviceId: d.id, publicKey: d.publicKey, label: 's' });
      if (!e.ok) throw new Error(`enrol: ${JSON.stringify(e.error)}`);
      devices.push(d);
    }
    const size = Number(values.size);
    const post = async (payload) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/batches',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 200)}`);
    };
    // Today's partition and the JIT, untimed.
    for (const d of devices) await post(JSON.stringify(await d.upload(d.scan(size))));
    const day = Math.floor(Date.now() / 86_400_000);
    const body = JSON.stringify(new SimDevice(99, 'http://x/#token=none', venue.id, 1, 14).scan(1)[0]);
    let filled = 0;
    for (const target of values.sizes.split(',').map(Number)) {
      const t = performance.now();
      for (; filled < target; filled += Math.min(100_000, target - filled)) {
        const to = filled + Math.min(100_000, target - filled);
        await admin.query(
          `INSERT INTO records (id, device_id, venue_id, seq, at_ms, day, received_at, hash, prev_hash, body)
           SELECT '0000' || lpad(to_hex(g), 8, '0') || '-0000-7000-8000-000000000000',
             md5((g % 10000)::text)::uuid::text, $1, g / 10000 + 1, $2::bigint - 1000 * g, $3, $2::bigint,
             md5(g::text) || md5(g::text), md5((g - 1)::text) || md5((g - 1)::text), $4
           FROM generate_series($5::bigint, $6::bigint - 1) g`,
          [venue.id, Date.now(), day, body, filled, to],
        );
      }
      const fillS = (performance.now() - t) / 1000;
      // Without --analyze the partition has no statistics, as on a server whose autovacuum is off or behind.
      if (values.analyze) await admin.query('ANALYZE records');
      await admin.query('CHECKPOINT');
      const uploads = [];
      for (let u = 0; u < Number(values.uploads); u++) {
        const d = devices[u % devices.length];
        uploads.push(JSON.stringify(await d.upload(d.scan(size))));
      }
      const [m0, o0, w0, t0] = [machineMs(), ownMs(), await wal(), performance.now()];
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < uploads.length) await post(uploads[next++]);
        }),
      );
      const [m1, o1, w1, t1] = [machineMs(), ownMs(), await wal(), performance.now()];
      const records = uploads.length * size;
      // The one read of an ingest for the next batch of a device, as the server would run it.
      const d = devices[0];
      const batch = Array.from({ length: size }, (_, k) => ({ id: randomUUID(), seq: d.last.seq + 1 + k }));
      let captured = null;
      await readChain(
        { dialect: 'postgres', all: async (sql, params) => ((captured = { sql, params }), []) },
        d.id,
        batch,
      );
      // As the ingest runs it (the pool's jit = off, the transaction's BY_INDEX), and as it would run without them.
      const explain = async (settings) => {
        await admin.query(['BEGIN', ...settings].join('; '));
        try {
          const rows = (await admin.query(`EXPLAIN (ANALYZE, BUFFERS) ${captured.sql}`, captured.params))
            .rows;
          return rows.map((r) => r['QUERY PLAN']);
        } finally {
          await admin.query('ROLLBACK');
        }
      };
      const plan = await explain(['SET LOCAL jit = off', ...BY_INDEX]);
      const unforced = await explain([]);
      const fpi = Number(w1.wal_fpi) - Number(w0.wal_fpi);
      console.log(
        JSON.stringify({
          tableRows: target + devices.length * size * (1 + Math.ceil(uploads.length / devices.length)),
          fillS: Math.round(fillS),
          records,
          recordsPerS: Math.round(records / ((t1 - t0) / 1000)),
          otherCpuMsPerRecord: Math.round(((m1 - m0 - (o1 - o0)) / records) * 1000) / 1000,
          serveCpuMsPerRecord: Math.round(((o1 - o0) / records) * 1000) / 1000,
          walBytesPerRecord: Math.round((Number(w1.wal_bytes) - Number(w0.wal_bytes)) / records),
          fullPageImagesPerRecord: Math.round((fpi / records) * 100) / 100,
          readPlan: plan,
          // Without the settings only the scans of records and the time matter: the whole plan is above.
          readPlanUnforced: unforced.filter((l) => /Scan on records|Execution Time|JIT:|Total /.test(l)),
        }),
      );
    }
  } finally {
    await app.close();
    await db.close();
  }
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
