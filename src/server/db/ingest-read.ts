// The one read of an ingest: the device, whether it has gaps still open, and the stored records the placement
// needs (the batch's neighbours by seq and any record with one of its ids), in a single statement.
import { neighbourSeqs, type ChainLink, type HeldChain } from '../../core/chain.js';
import { inList, type SqlRunner } from './sql.js';

/** What an ingest needs to know before it places a batch. */
export interface DeviceChain {
  venueId: string;
  disabled: boolean;
  /** Whether the device has gaps still open (most have none: then no gap is looked at again). */
  openGaps: boolean;
  chain: HeldChain;
}

// A stored link as the aggregate returns it: [id, device_id, seq, hash, prev_hash].
type LinkTuple = [string, string, number | string, string, string];

/** Reads the device and the links around `records` (null: no such device). */
export async function readChain(
  q: SqlRunner,
  deviceId: string,
  records: readonly { id: string; seq: number }[],
): Promise<DeviceChain | null> {
  const neighbours = neighbourSeqs(records);
  const ids = records.map((r) => r.id);
  const seqIn = inList(q.dialect, 'r.seq', neighbours, 2, 'bigint');
  const idIn = inList(q.dialect, 'r.id', ids, 2 + seqIn.params.length, 'text');
  // PostgreSQL's json_agg is NULL over no rows, SQLite's json_group_array '[]'; pg parses json, SQLite gives text.
  const links =
    q.dialect === 'postgres'
      ? 'json_agg(json_build_array(r.id, r.device_id, r.seq, r.hash, r.prev_hash))'
      : 'json_group_array(json_array(r.id, r.device_id, r.seq, r.hash, r.prev_hash))';
  const [row] = await q.all<{
    venue_id: string;
    disabled_at: number | null;
    purged_seq: number;
    open_gaps: number | boolean;
    links: LinkTuple[] | string | null;
  }>(
    `SELECT d.venue_id, d.disabled_at, d.purged_seq,
       EXISTS (SELECT 1 FROM chain_events e
         WHERE e.device_id = $1 AND e.kind = 'gap' AND e.resolved_at IS NULL) AS open_gaps,
       (SELECT ${links} FROM records r
         WHERE (r.device_id = $1 AND ${seqIn.sql}) OR ${idIn.sql}) AS links
     FROM devices d WHERE d.id = $1`,
    [deviceId, ...seqIn.params, ...idIn.params],
  );
  if (!row) return null;
  const tuples: LinkTuple[] =
    typeof row.links === 'string' ? (JSON.parse(row.links) as LinkTuple[]) : (row.links ?? []);
  const wanted = { seqs: new Set(neighbours), ids: new Set(ids) };
  const bySeq = new Map<number, ChainLink>();
  const byId = new Map<string, ChainLink>();
  for (const [id, device, seq, hash, prevHash] of tuples) {
    const link: ChainLink = { id, deviceId: device, seq: Number(seq), hash, prevHash };
    if (device === deviceId && wanted.seqs.has(link.seq)) bySeq.set(link.seq, link);
    if (wanted.ids.has(id)) byId.set(id, link);
  }
  return {
    venueId: row.venue_id,
    disabled: row.disabled_at !== null,
    openGaps: row.open_gaps === true || row.open_gaps === 1,
    chain: { bySeq, byId, purgedThrough: Number(row.purged_seq) },
  };
}
