// The server's PostgreSQL sessions (src/server/db/postgres.ts). The ingest's one read must cost what it reads:
// in the 1 M-record sim on a server with autovacuum off, today's partition had no statistics, the planner costed
// the read past jit_above_cost, and JIT compiling it took ~130 ms of PostgreSQL CPU per upload against 0.1 ms
// for the read itself, and a catch-up batch's ids were taken for most of the table: every such upload read all
// of it (docs/performance.md). The server's sessions run without JIT, and the ingest finds rows by index only.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readChain } from '../../../src/server/db/ingest-read.js';
import { dayOf, ensurePartition } from '../../../src/server/db/retention.js';
import type { Param, SqlRunner } from '../../../src/server/db/sql.js';
import { enrolDevice, postgresBackend, suiteDb } from '../../support/server.js';

/** The ingest read's statement for a batch of `n` records of `deviceId`, as the server would run it. */
async function ingestRead(deviceId: string, n: number): Promise<{ sql: string; params: readonly Param[] }> {
  let captured: { sql: string; params: readonly Param[] } | undefined;
  const recorder: SqlRunner = {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly Param[] = []): Promise<T[]> => {
      captured = { sql, params };
      return [];
    },
    run: async () => 0,
  };
  const records = Array.from({ length: n }, (_, k) => ({ id: randomUUID(), seq: k + 1 }));
  await readChain(recorder, deviceId, records);
  if (!captured) throw new Error('readChain asked nothing');
  return captured;
}

describe('openPostgres sessions', () => {
  const s = suiteDb(postgresBackend);

  it('never JIT-compile the ingest read, even when the planner costs it past jit_above_cost', async () => {
    const device = await enrolDevice(s.db);
    const read = await ingestRead(device.id, 40);
    const plan = (jit: 'on' | 'DEFAULT') =>
      s.db.sql.tx(async (q) => {
        // As a big table without statistics is costed: past every JIT threshold.
        await q.run('SET LOCAL jit_above_cost = 0');
        await q.run(`SET LOCAL jit TO ${jit}`);
        const rows = await q.all<{ 'QUERY PLAN': unknown }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${read.sql}`,
          read.params,
        );
        return JSON.stringify(rows[0]?.['QUERY PLAN']);
      });
    // This PostgreSQL can JIT: a session with it on compiles the read.
    expect(await plan('on')).toContain('"JIT"');
    // The server's sessions, left at their own setting, do not.
    expect(await plan('DEFAULT')).not.toContain('"JIT"');
  });

  it('read an offline catch-up batch by index on a big partition without statistics, not by scanning it', async () => {
    const device = await enrolDevice(s.db);
    const day = dayOf(Date.now());
    await ensurePartition(s.db.sql, day);
    // 200,000 other records, as a busy day has by the afternoon; no ANALYZE (autovacuum off, or not there yet).
    await s.db.sql.run(
      `INSERT INTO records (id, device_id, venue_id, seq, at_ms, day, received_at, hash, prev_hash, body)
       SELECT md5(g::text)::uuid::text, md5((g % 5000)::text)::uuid::text, $1, g / 5000 + 1, $2::bigint, $3, $2::bigint,
         md5(g::text), md5((g - 1)::text), repeat('x', 600)
       FROM generate_series(1, 200000) g`,
      [device.venueId, Date.now(), day],
    );
    const read = await ingestRead(device.id, 500);
    const plan = (byIndex: boolean) =>
      s.db.sql.tx(
        async (q) => {
          const rows = await q.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${read.sql}`, read.params);
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        },
        { byIndex },
      );
    // Left to the statistics, the planner scans the whole partition for 500 ids.
    expect(await plan(false)).toMatch(/Seq Scan on records_/);
    // The ingest's transaction does not.
    const ingest = await plan(true);
    expect(ingest).not.toMatch(/Seq Scan on records_/);
    expect(ingest).toMatch(/Index Scan (on|using) records_\w+_pkey/);
  }, 60_000);
});
