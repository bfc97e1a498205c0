// Migrations on SQLite and PostgreSQL: applied once, kept, and safe when several servers start together
// (issue 14: nothing in `serve` may depend on being the only process).
import { describe, expect, it } from 'vitest';
import { BACKENDS, suiteDb } from '../../support/server.js';

describe.each(BACKENDS)('migrations on $name', ({ make }) => {
  const t = suiteDb(make);

  it('migrates once: opening the same database again applies nothing and keeps the data', async () => {
    await t.db.meta.set('probe', 'kept');
    const again = await t.backend.open();
    expect(await again.meta.get('probe')).toBe('kept');
    await again.close();
  });

  it('lets eight servers open one fresh database at the same moment: all start, each migration runs once', async () => {
    const fresh = make();
    try {
      const opened = await Promise.allSettled(Array.from({ length: 8 }, () => fresh.open()));
      const failures = opened.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
      const dbs = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      try {
        expect(failures).toEqual([]);
        const rows = await dbs[0]!.sql.all<{ version: number; n: number }>(
          'SELECT version, COUNT(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
        );
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
        // And they work as one: a trust change made through one is seen by all.
        await dbs[3]!.trust.addRevocations([
          { iss: 'CN-ZJ', subject: new Uint8Array(16).fill(1), before: 1 },
        ]);
        const versions = await Promise.all(dbs.map((d) => d.trust.version()));
        expect(new Set(versions).size).toBe(1);
      } finally {
        await Promise.all(dbs.map((d) => d.close()));
      }
    } finally {
      await fresh.cleanup();
    }
  });
});
