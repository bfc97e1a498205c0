// Decision records: ingest (exactly once, see ingest.ts), export in time order, and the chain events flagged.
import type { BatchBody } from '../../core/batch.js';
import type { DecisionRecord } from '../../core/log.js';
import type { Result } from '../../core/result.js';
import { ingestIn, type IngestAck, type IngestClock, type IngestError } from './ingest.js';
import { dayOf, ensurePartition } from './retention.js';
import { errorCode, type Param, type Sql } from './sql.js';

/** A flagged break in a device's chain: a missing record (gap) or a record that contradicts the stored chain (fork). */
export interface ChainEvent {
  deviceId: string;
  kind: 'gap' | 'fork';
  seq: number;
  detail: string;
  createdAt: number;
  resolvedAt: number | null;
}

/** A record as exported: the device's record as it arrived, when the server received it, and the venue it filed it under. */
export interface StoredDecision {
  record: DecisionRecord;
  receivedAt: number;
  /** The venue the device is enrolled for (the record's own venueId is what the device claimed). */
  venueId: string;
}

/** The records table. */
export class RecordRepo {
  constructor(private readonly sql: Sql) {}

  /**
   * Stores a verified batch atomically and idempotently. Records already stored are acknowledged as duplicates;
   * a record contradicting the stored chain refuses the whole batch (flagged as a fork); a missing predecessor is
   * flagged as a gap and the batch is kept. Records decided before `oldestMs` (the retention period) are
   * acknowledged as expired and not stored.
   */
  async ingest(
    batch: BatchBody,
    { now = Date.now(), oldestMs = null }: Partial<IngestClock> = {},
  ): Promise<Result<IngestAck, IngestError>> {
    for (let attempt = 0; ; attempt++) {
      try {
        // The device's chain lock: every writer of one device's chain queues there, across processes.
        return await this.sql.tx((q) => ingestIn(q, batch, { now, oldestMs }), {
          lock: batch.deviceId,
          byIndex: true,
        });
      } catch (e) {
        // PostgreSQL: today's partition does not exist yet. Make it (any server may) and run the batch again.
        if (this.sql.dialect === 'postgres' && errorCode(e) === '23514' && attempt < 3) {
          await ensurePartition(this.sql, dayOf(now));
          continue;
        }
        throw e;
      }
    }
  }

  /** Records in time order, each once; `sinceMs` and `venueId` narrow the set. Pages through large exports. */
  async *export(
    opts: { sinceMs?: number; venueId?: string; pageSize?: number } = {},
  ): AsyncGenerator<StoredDecision> {
    const page = opts.pageSize ?? 2000;
    let after: { at: number; id: string } | null = null;
    for (;;) {
      const where: string[] = [];
      const params: Param[] = [];
      if (opts.sinceMs !== undefined) where.push(`at_ms >= $${params.push(opts.sinceMs)}`);
      if (opts.venueId !== undefined) where.push(`venue_id = $${params.push(opts.venueId)}`);
      if (after) {
        const a: number = params.push(after.at);
        const b: number = params.push(after.id);
        where.push(`(at_ms > $${a} OR (at_ms = $${a} AND id > $${b}))`);
      }
      const rows: { id: string; at_ms: number; venue_id: string; body: string; received_at: number }[] =
        await this.sql.all(
          `SELECT id, at_ms, venue_id, body, received_at FROM records
           ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY at_ms, id LIMIT ${page}`,
          params,
        );
      for (const r of rows)
        yield {
          record: JSON.parse(r.body) as DecisionRecord,
          receivedAt: Number(r.received_at),
          venueId: r.venue_id,
        };
      const last = rows[rows.length - 1];
      if (!last || rows.length < page) return;
      after = { at: Number(last.at_ms), id: last.id };
    }
  }

  /** Flagged chain problems, of one device or all. */
  async chainEvents(deviceId?: string): Promise<ChainEvent[]> {
    const rows = await this.sql.all<{
      device_id: string;
      kind: 'gap' | 'fork';
      seq: number;
      detail: string;
      created_at: number;
      resolved_at: number | null;
    }>(
      `SELECT device_id, kind, seq, detail, created_at, resolved_at FROM chain_events
       ${deviceId ? 'WHERE device_id = $1' : ''} ORDER BY device_id, seq, kind`,
      deviceId ? [deviceId] : [],
    );
    return rows.map((r) => ({
      deviceId: r.device_id,
      kind: r.kind,
      seq: Number(r.seq),
      detail: r.detail,
      createdAt: Number(r.created_at),
      resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    }));
  }
}
