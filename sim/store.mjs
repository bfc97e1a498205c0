// The simulation's two looks at the database: before (venues and one enrolment link per device, as an
// administrator makes them) and after (what was stored: counted against what the devices were told was stored).
import pg from 'pg';
import { openDb } from '../lib/server/db/open.js';
import { enrolLink } from '../lib/server/enrol-link.js';

/** Venues (one per `perVenue` devices) and an enrolment link for each device: [{ index, link, venueId }]. */
export async function prepare(databaseUrl, publicUrl, devices, perVenue = 10) {
  const db = await openDb({ databaseUrl });
  try {
    const venues = [];
    for (let v = 0; v < Math.ceil(devices / perVenue); v++)
      venues.push(
        (
          await db.venues.add({
            name: `Sim venue ${v}`,
            category: 'mall',
            policy: 'zhejiang-2020',
            settings: {},
          })
        ).id,
      );
    // Eight links at a time: the pool has connections to spare, and 10,000 one after another take minutes.
    const out = new Array(devices);
    let next = 0;
    const make = async () => {
      while (next < devices) {
        const i = next++;
        const venueId = venues[Math.floor(i / perVenue)];
        out[i] = {
          index: i,
          venueId,
          link: (await enrolLink(db, venueId, publicUrl, 6 * 3_600_000)).enrolUrl,
        };
      }
    };
    await Promise.all(Array.from({ length: 8 }, make));
    return out;
  } finally {
    await db.close();
  }
}

/**
 * What the database holds of the devices' records, against `acked` ([deviceId, n]: seq 1..n acknowledged):
 * rows, lost (acknowledged, not stored), duplicated (a device's seq or a record id stored twice), and chain
 * breaks (a stored record whose prevHash is not its predecessor's hash).
 */
export async function audit(databaseUrl, acked) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE acked (device_id TEXT PRIMARY KEY, n BIGINT NOT NULL)');
    for (let i = 0; i < acked.length; i += 5000) {
      const part = acked.slice(i, i + 5000);
      await client.query('INSERT INTO acked SELECT * FROM unnest($1::text[], $2::bigint[])', [
        part.map((a) => a[0]),
        part.map((a) => a[1]),
      ]);
    }
    const one = async (sql) => Number(Object.values((await client.query(sql)).rows[0])[0] ?? 0);
    return {
      rows: await one('SELECT count(*) FROM records'),
      ackedRecords: await one('SELECT COALESCE(sum(n), 0) FROM acked'),
      lost: await one(`SELECT COALESCE(sum(a.n - COALESCE(s.c, 0)), 0) FROM acked a LEFT JOIN
        (SELECT r.device_id, count(DISTINCT r.seq) AS c FROM records r JOIN acked a2 ON a2.device_id = r.device_id
         WHERE r.seq <= a2.n GROUP BY r.device_id) s ON s.device_id = a.device_id`),
      duplicatedSeq: await one('SELECT count(*) - count(DISTINCT (device_id, seq)) FROM records'),
      duplicatedId: await one('SELECT count(*) - count(DISTINCT id) FROM records'),
      chainBreaks: await one(`SELECT count(*) FROM records r JOIN records p
        ON p.device_id = r.device_id AND p.seq = r.seq - 1 WHERE r.prev_hash <> p.hash`),
      firstNotGenesis: await one(
        `SELECT count(*) FROM records WHERE seq = 1 AND prev_hash <> '${'0'.repeat(64)}'`,
      ),
      devices: await one('SELECT count(*) FROM devices'),
      openGaps: await one("SELECT count(*) FROM chain_events WHERE kind = 'gap' AND resolved_at IS NULL"),
      forks: await one("SELECT count(*) FROM chain_events WHERE kind = 'fork'"),
      // On-disk bytes per stored record (heap, indexes, TOAST), for sizing a province's database.
      bytesPerRecord: await one(`SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0) / GREATEST(1,
        (SELECT count(*) FROM records)) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'records'`),
    };
  } finally {
    await client.end();
  }
}
