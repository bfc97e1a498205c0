// Storing one verified batch in one transaction: the chain placement (src/core/chain.ts) decides, this writes.
import type { BatchBody } from '../../core/batch.js';
import { neighbourSeqs, placeRecords, type ChainLink, type Fork } from '../../core/chain.js';
import type { DecisionRecord } from '../../core/log.js';
import { err, ok, type Result } from '../../core/result.js';
import { fileReports } from './report-filing.js';
import { dayOf } from './retention.js';
import { inList, placeholders, type Param, type SqlRunner } from './sql.js';

/** What the server answers for a stored batch: each record is accepted now, was already there, or is too old. */
export interface IngestAck {
  batchId: string;
  accepted: string[];
  duplicates: string[];
  /** Records decided before the retention period: not stored (and marking them received keeps them out). */
  expired: string[];
  /** Seqs of records still missing before a record of this batch (flagged, kept open until they arrive). */
  gaps: number[];
}

/** Why a batch was refused as a whole (nothing of it is stored). */
export type IngestError =
  { kind: 'unknown-device' } | { kind: 'device-disabled' } | { kind: 'fork'; forks: Fork[] };

interface LinkRow {
  id: string;
  device_id: string;
  seq: number;
  hash: string;
  prev_hash: string;
}

const linkOf = (r: LinkRow): ChainLink => ({
  id: r.id,
  deviceId: r.device_id,
  seq: Number(r.seq),
  hash: r.hash,
  prevHash: r.prev_hash,
});

const LINK_COLUMNS = 'id, device_id, seq, hash, prev_hash';

/** When an ingest happens, and the oldest decision time the server still keeps (null: no limit). */
export interface IngestClock {
  now: number;
  oldestMs: number | null;
}

/** Stores a verified batch inside the caller's transaction (see RecordRepo.ingest). */
export async function ingestIn(
  q: SqlRunner,
  batch: BatchBody,
  { now, oldestMs }: IngestClock,
): Promise<Result<IngestAck, IngestError>> {
  const deviceId = batch.deviceId;
  // Every writer of one device's chain queues here, across processes: the placement below sees a settled chain.
  if (q.dialect === 'postgres') await q.run('SELECT pg_advisory_xact_lock(hashtext($1))', [deviceId]);
  // The device, and whether it has gaps still open (most have none: then no gap is looked at again below).
  const [device] = await q.all<{
    venue_id: string;
    disabled_at: number | null;
    purged_seq: number;
    open_gaps: number | boolean;
  }>(
    `SELECT venue_id, disabled_at, purged_seq, EXISTS (SELECT 1 FROM chain_events
       WHERE device_id = $1 AND kind = 'gap' AND resolved_at IS NULL) AS open_gaps
     FROM devices WHERE id = $1`,
    [deviceId],
  );
  if (!device) return err({ kind: 'unknown-device' });
  if (device.disabled_at !== null) return err({ kind: 'device-disabled' });

  // The stored neighbours of the batch's seqs and the records with its ids, in one query.
  const records = batch.records;
  const neighbours = neighbourSeqs(records);
  const ids = records.map((r) => r.id);
  const seqIn = inList(q.dialect, 'seq', neighbours, 2, 'bigint');
  const idIn = inList(q.dialect, 'id', ids, 2 + seqIn.params.length, 'text');
  const wanted = { seqs: new Set(neighbours), ids: new Set(ids) };
  const bySeq = new Map<number, ChainLink>();
  const byId = new Map<string, ChainLink>();
  for (const row of await q.all<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM records WHERE (device_id = $1 AND ${seqIn.sql}) OR ${idIn.sql}`,
    [deviceId, ...seqIn.params, ...idIn.params],
  )) {
    const link = linkOf(row);
    if (link.deviceId === deviceId && wanted.seqs.has(link.seq)) bySeq.set(link.seq, link);
    if (wanted.ids.has(link.id)) byId.set(link.id, link);
  }

  const placed = placeRecords(records, { bySeq, byId, purgedThrough: Number(device.purged_seq) });
  if (placed.forks.length > 0) {
    for (const f of placed.forks)
      await q.run(
        `INSERT INTO chain_events (device_id, kind, seq, detail, created_at) VALUES ($1, 'fork', $2, $3, $4)
         ON CONFLICT (device_id, kind, seq) DO NOTHING`,
        [deviceId, f.seq, f.detail, now],
      );
    return err({ kind: 'fork', forks: placed.forks });
  }
  // Past retention: never stored, and the watermark moves past them so neither they nor a replay come back.
  const expired = oldestMs === null ? [] : placed.fresh.filter((r) => Date.parse(r.at) < oldestMs);
  const fresh = placed.fresh.filter((r) => !expired.includes(r));
  const watermark = Math.max(Number(device.purged_seq), ...expired.map((r) => r.seq));
  const openGaps = device.open_gaps === true || device.open_gaps === 1;
  if (watermark > Number(device.purged_seq)) {
    await q.run('UPDATE devices SET purged_seq = $1 WHERE id = $2 AND purged_seq < $1', [
      watermark,
      deviceId,
    ]);
    // Gaps at or below the watermark will never be filled: they are past retention too.
    if (openGaps)
      await q.run(
        `UPDATE chain_events SET resolved_at = $1 WHERE device_id = $2 AND kind = 'gap' AND resolved_at IS NULL
       AND seq <= $3`,
        [now, deviceId, watermark],
      );
  }
  const gaps = placed.gaps.filter((seq) => seq > watermark);
  if (placed.fresh.length > 0) {
    if (fresh.length > 0) {
      await insertRecords(q, fresh, deviceId, device.venue_id, now);
      await fileReports(q, fresh, deviceId, device.venue_id, now);
    }
    for (const seq of gaps)
      await q.run(
        `INSERT INTO chain_events (device_id, kind, seq, detail, created_at) VALUES ($1, 'gap', $2, $3, $4)
         ON CONFLICT (device_id, kind, seq) DO NOTHING`,
        [deviceId, seq, `seq ${seq} missing before seq ${seq + 1}`, now],
      );
    // Only gaps open before this batch can be filled by it (a gap it flags is a seq it does not hold).
    if (openGaps) {
      const freshIn = inList(
        q.dialect,
        'seq',
        placed.fresh.map((r) => r.seq),
        3,
        'bigint',
      );
      await q.run(
        `UPDATE chain_events SET resolved_at = $1 WHERE device_id = $2 AND kind = 'gap' AND resolved_at IS NULL
         AND ${freshIn.sql}`,
        [now, deviceId, ...freshIn.params],
      );
    }
  }
  const maxSeq = Math.max(...records.map((r) => r.seq));
  await q.run(
    `UPDATE devices SET last_seen_at = $1, received = received + $2,
       last_seq = CASE WHEN last_seq < $3 THEN $3 ELSE last_seq END WHERE id = $4`,
    [now, fresh.length, maxSeq, deviceId],
  );
  return ok({
    batchId: batch.batchId,
    accepted: fresh.map((r) => r.id),
    duplicates: placed.duplicates,
    expired: expired.map((r) => r.id),
    gaps,
  });
}

// One INSERT of every fresh record, filed under the day received and the venue the device is enrolled for.
async function insertRecords(
  q: SqlRunner,
  fresh: readonly DecisionRecord[],
  deviceId: string,
  venueId: string,
  now: number,
): Promise<void> {
  const day = dayOf(now);
  const columns = fresh.map((r) => [
    r.id,
    deviceId,
    // The server's venue, not the record's: records logged before enrolment carry a local venue id.
    venueId,
    r.seq,
    Date.parse(r.at),
    day,
    now,
    r.hash,
    r.prevHash,
    JSON.stringify(r),
  ]);
  const insert =
    'INSERT INTO records (id, device_id, venue_id, seq, at_ms, day, received_at, hash, prev_hash, body)';
  if (q.dialect === 'postgres') {
    // Ten array parameters instead of 5,000 scalars: one short statement to parse and plan.
    const types = ['text', 'text', 'text', 'bigint', 'bigint', 'int', 'bigint', 'text', 'text', 'text'];
    await q.run(
      `${insert} SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
      types.map((_, i) => columns.map((row) => row[i] as string | number)),
    );
    return;
  }
  const params: Param[] = columns.flat();
  await q.run(`${insert} VALUES ${columns.map((_, i) => placeholders(10, i * 10 + 1)).join(', ')}`, params);
}
