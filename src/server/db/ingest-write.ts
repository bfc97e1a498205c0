// The writes of an ingest. On PostgreSQL the fresh records, the gaps flagged, the gaps filled and the device's
// counters go in one statement (data-modifying WITH), which also returns the trust version for the answer; SQLite
// runs in the server's process, where a statement costs no round trip, so there they stay separate.
import type { DecisionRecord } from '../../core/log.js';
import { dayOf } from './retention.js';
import { placeholders, type Param, type SqlRunner } from './sql.js';

/** Positional parameters collected as a statement is written: each `add` answers its `$n` (cast on PostgreSQL). */
class Params {
  readonly values: Param[] = [];
  add(value: Param, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

const RECORD_COLUMNS = 'id, device_id, venue_id, seq, at_ms, day, received_at, hash, prev_hash, body';

/** Fresh records to store, filed under the day received and the venue the device is enrolled for. */
interface RecordRows {
  fresh: readonly DecisionRecord[];
  deviceId: string;
  /** The server's venue, not the record's: records logged before enrolment carry a local venue id. */
  venueId: string;
  now: number;
}

// INSERT of the records. On PostgreSQL one json parameter holds them all, made by one native JSON.stringify
// (one short statement to parse and plan, however many records; a text[] of bodies costs far more in the driver,
// which builds and measures its array literal in JavaScript): each element is [id, seq, at_ms, hash, prevHash,
// record], and `->` on json gives the record's text exactly as written, JSON.stringify(record). One VALUES row
// per record on SQLite.
function recordsInsert(p: Params, dialect: SqlRunner['dialect'], rows: RecordRows): string {
  const insert = `INSERT INTO records (${RECORD_COLUMNS})`;
  const { fresh, deviceId, venueId, now } = rows;
  const day = dayOf(now);
  if (dialect === 'postgres') {
    const json = JSON.stringify(fresh.map((r) => [r.id, r.seq, Date.parse(r.at), r.hash, r.prevHash, r]));
    return `${insert} SELECT r->>0, ${p.add(deviceId, 'text')}, ${p.add(venueId, 'text')}, (r->>1)::bigint,
      (r->>2)::bigint, ${p.add(day, 'int')}, ${p.add(now, 'bigint')}, r->>3, r->>4, (r->5)::text
      FROM json_array_elements(${p.add(json, 'json')}) AS r`;
  }
  const values = fresh.map((r) => {
    const row = [r.id, deviceId, venueId, r.seq, Date.parse(r.at), day, now, r.hash, r.prevHash];
    return `(${[...row, JSON.stringify(r)].map((v) => p.add(v)).join(', ')})`;
  });
  return `${insert} VALUES ${values.join(', ')}`;
}

/** One INSERT of every fresh record. */
export async function insertRecords(
  q: SqlRunner,
  fresh: readonly DecisionRecord[],
  deviceId: string,
  venueId: string,
  now: number,
): Promise<void> {
  const p = new Params();
  await q.run(recordsInsert(p, q.dialect, { fresh, deviceId, venueId, now }), p.values);
}

// INSERT of chain events of one kind (each once: a seq already flagged stays as it was).
function eventsInsert(
  p: Params,
  dialect: SqlRunner['dialect'],
  deviceId: string,
  kind: 'gap' | 'fork',
  events: readonly { seq: number; detail: string }[],
  now: number,
): string {
  const insert = 'INSERT INTO chain_events (device_id, kind, seq, detail, created_at)';
  const tail = 'ON CONFLICT (device_id, kind, seq) DO NOTHING';
  if (dialect === 'postgres') {
    const [d, k, t] = [p.add(deviceId, 'text'), p.add(kind, 'text'), p.add(now, 'bigint')];
    const seqs = p.add(
      events.map((e) => e.seq),
      'bigint[]',
    );
    const details = p.add(
      events.map((e) => e.detail),
      'text[]',
    );
    return `${insert} SELECT ${d}, ${k}, e.seq, e.detail, ${t} FROM unnest(${seqs}, ${details}) AS e(seq, detail) ${tail}`;
  }
  const rows = events.map((e) => placeholders(5, p.values.push(deviceId, kind, e.seq, e.detail, now) - 4));
  return `${insert} VALUES ${rows.join(', ')} ${tail}`;
}

/** Flags chain events of one kind, in one statement. */
export async function insertEvents(
  q: SqlRunner,
  deviceId: string,
  kind: 'gap' | 'fork',
  events: readonly { seq: number; detail: string }[],
  now: number,
): Promise<void> {
  if (events.length === 0) return;
  const p = new Params();
  await q.run(eventsInsert(p, q.dialect, deviceId, kind, events, now), p.values);
}

/** What an ingest writes once the batch is placed. */
export interface Settlement {
  deviceId: string;
  venueId: string;
  now: number;
  /** Records to store here (none when they were stored already, before their reports were filed). */
  records: readonly DecisionRecord[];
  /** How many records this batch stored (the device's `received` counter). */
  received: number;
  /** Seqs missing before a record of the batch, to flag. */
  gaps: readonly number[];
  /** Open gaps that this batch fills (its fresh seqs) or that fell behind a raised watermark; null: none open. */
  fill: { seqs: readonly number[]; through: number | null } | null;
  /** The device's new purged watermark, when expired records raised it. */
  watermark: number | null;
  maxSeq: number;
}

/** Writes a placed batch and the device's counters; answers the trust version. */
export async function settle(q: SqlRunner, s: Settlement): Promise<number> {
  const pg = q.dialect === 'postgres';
  const gapEvents = s.gaps.map((seq) => ({ seq, detail: `seq ${seq} missing before seq ${seq + 1}` }));
  const p = new Params();
  // On PostgreSQL each write is a WITH part of the device's UPDATE; on SQLite each runs now, on its own.
  const parts: string[] = [];
  const write = async (statement: (p: Params) => string): Promise<void> => {
    if (pg) parts.push(`w${parts.length} AS (${statement(p)})`);
    else {
      const own = new Params();
      await q.run(statement(own), own.values);
    }
  };
  if (s.records.length > 0)
    await write((p) =>
      recordsInsert(p, q.dialect, { fresh: s.records, deviceId: s.deviceId, venueId: s.venueId, now: s.now }),
    );
  if (gapEvents.length > 0)
    await write((p) => eventsInsert(p, q.dialect, s.deviceId, 'gap', gapEvents, s.now));
  const fill = s.fill;
  if (fill && (fill.seqs.length > 0 || fill.through !== null))
    await write((p) => {
      const which = [];
      if (fill.seqs.length > 0)
        which.push(
          pg
            ? `seq = ANY(${p.add(fill.seqs, 'bigint[]')})`
            : `seq IN (${fill.seqs.map((seq) => p.add(seq)).join(', ')})`,
        );
      if (fill.through !== null) which.push(`seq <= ${p.add(fill.through, pg ? 'bigint' : undefined)}`);
      return `UPDATE chain_events SET resolved_at = ${p.add(s.now, pg ? 'bigint' : undefined)}
        WHERE device_id = ${p.add(s.deviceId)} AND kind = 'gap' AND resolved_at IS NULL AND (${which.join(' OR ')})`;
    });
  const device = new Params();
  const at = pg ? p : device;
  const cast = pg ? 'bigint' : undefined;
  const max = at.add(s.maxSeq, cast);
  const watermark = s.watermark === null ? null : at.add(s.watermark, cast);
  const update = `UPDATE devices SET last_seen_at = ${at.add(s.now, cast)}, received = received + ${at.add(s.received, cast)},
      last_seq = CASE WHEN last_seq < ${max} THEN ${max} ELSE last_seq END
      ${watermark === null ? '' : `, purged_seq = CASE WHEN purged_seq < ${watermark} THEN ${watermark} ELSE purged_seq END`}
    WHERE id = ${at.add(s.deviceId)}
    RETURNING (SELECT version FROM trust_state WHERE id = 1) AS trust_version`;
  const sql = parts.length > 0 ? `WITH ${parts.join(',\n')}\n${update}` : update;
  const [row] = await q.all<{ trust_version: number | null }>(sql, at.values);
  return Number(row?.trust_version ?? 0);
}
