// Storing one verified batch in one transaction: the chain placement (src/core/chain.ts) decides, this writes.
// On PostgreSQL an upload is four round trips: BEGIN with the device's lock, one read of everything the placement
// needs (ingest-read.ts), one statement that writes it all (ingest-write.ts), COMMIT.
import type { BatchBody } from '../../core/batch.js';
import { placeRecords, type Fork } from '../../core/chain.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Ack } from '../../core/wire.js';
import { readChain } from './ingest-read.js';
import { insertEvents, insertRecords, settle } from './ingest-write.js';
import { fileReports, reportable } from './report-filing.js';
import type { SqlRunner } from './sql.js';

/** What the server answers for a stored batch: the wire's Ack (each record accepted, already there, or too old). */
export type IngestAck = Ack;

/** Why a batch was refused as a whole (nothing of it is stored). */
export type IngestError =
  { kind: 'unknown-device' } | { kind: 'device-disabled' } | { kind: 'fork'; forks: Fork[] };

/** When an ingest happens, and the oldest decision time the server still keeps (null: no limit). */
export interface IngestClock {
  now: number;
  oldestMs: number | null;
}

/**
 * Stores a verified batch inside the caller's transaction (see RecordRepo.ingest), which holds the device's
 * chain lock on PostgreSQL: every writer of one device's chain queues there, across processes, so the placement
 * below sees a settled chain.
 */
export async function ingestIn(
  q: SqlRunner,
  batch: BatchBody,
  { now, oldestMs }: IngestClock,
): Promise<Result<IngestAck, IngestError>> {
  const deviceId = batch.deviceId;
  const records = batch.records;
  const held = await readChain(q, deviceId, records);
  if (!held) return err({ kind: 'unknown-device' });
  if (held.disabled) return err({ kind: 'device-disabled' });

  const placed = placeRecords(records, held.chain);
  if (placed.forks.length > 0) {
    await insertEvents(q, deviceId, 'fork', placed.forks, now);
    return err({ kind: 'fork', forks: placed.forks });
  }
  // Past retention: never stored, and the watermark moves past them so neither they nor a replay come back.
  const purged = held.chain.purgedThrough;
  const expired = oldestMs === null ? [] : placed.fresh.filter((r) => Date.parse(r.at) < oldestMs);
  const fresh = placed.fresh.filter((r) => !expired.includes(r));
  const watermark = Math.max(purged, ...expired.map((r) => r.seq));
  const gaps = placed.gaps.filter((seq) => seq > watermark);
  // Reports read the batch's records back (an amendment's earlier decision): those are stored first, on their own.
  const reports = fresh.length > 0 && reportable(fresh);
  if (reports) {
    await insertRecords(q, fresh, deviceId, held.venueId, now);
    await fileReports(q, fresh, deviceId, held.venueId, now);
  }
  const trustVersion = await settle(q, {
    deviceId,
    venueId: held.venueId,
    now,
    records: reports ? [] : fresh,
    received: fresh.length,
    gaps,
    // Only gaps open before this batch can be filled by it (a gap it flags is a seq it does not hold); gaps at
    // or below a raised watermark will never be filled: they are past retention too.
    fill: held.openGaps
      ? { seqs: placed.fresh.map((r) => r.seq), through: watermark > purged ? watermark : null }
      : null,
    watermark: watermark > purged ? watermark : null,
    maxSeq: Math.max(...records.map((r) => r.seq)),
  });
  return ok({
    batchId: batch.batchId,
    accepted: fresh.map((r) => r.id),
    duplicates: placed.duplicates,
    expired: expired.map((r) => r.id),
    gaps,
    trustVersion,
  });
}
