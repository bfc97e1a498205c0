// Retention: records purged by the UTC day they were received; PostgreSQL drops whole day partitions.
import { describe, expect, it } from 'vitest';
import { dayOf, partitionName } from '../../../src/server/db/retention.js';
import { enrolDevice, BACKENDS, suiteDb } from '../../support/server.js';
import { batchOf, chain } from '../../support/chains.js';

describe.each(BACKENDS)('retention on $name', ({ make }) => {
  const t = suiteDb(make);

  it('purges by received day: old days go, recent days stay', async () => {
    const d = await enrolDevice(t.db);
    const records = chain(d.id, d.venueId, 30);
    const now = Date.now();
    await t.db.records.ingest(batchOf(records.slice(0, 10)), { now: now - 40 * 86_400_000 });
    await t.db.records.ingest(batchOf(records.slice(10, 20)), { now: now - 29 * 86_400_000 });
    await t.db.records.ingest(batchOf(records.slice(20)), { now });
    const purged = await t.db.retention.purge(now - 28 * 86_400_000);
    expect(purged.days.length).toBeGreaterThanOrEqual(2);
    // The two old days went (as YYYYMMDD), today did not.
    const ymd = (ms: number) => partitionName(dayOf(ms)).slice(8);
    expect(purged.days).toEqual(
      expect.arrayContaining([ymd(now - 40 * 86_400_000), ymd(now - 29 * 86_400_000)]),
    );
    expect(purged.days).not.toContain(ymd(now));
    const kept = [];
    for await (const r of t.db.records.export({ venueId: d.venueId })) kept.push(r.record.seq);
    expect(kept).toEqual(records.slice(20).map((r) => r.seq));
    if (t.backend.name === 'postgres') {
      const parts = await t.db.sql.all<{ n: number }>(
        `SELECT COUNT(*) AS n FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
         JOIN pg_namespace s ON s.oid = p.relnamespace WHERE p.relname = 'records' AND s.nspname = current_schema()`,
      );
      // Only today's partition is left: whole days were dropped, not rows deleted.
      expect(Number(parts[0]?.n)).toBe(1);
      expect(purged.records).toBeNull();
    } else {
      expect(purged.records).toBe(20);
    }
  });
});
