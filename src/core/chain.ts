// Placing a device's uploaded records against the chain the server holds: fresh, duplicate, fork or gap.
// Pure: the server looks up the neighbours (neighbourSeqs), this decides, the server stores what it says.
import { GENESIS } from './log.js';

/** What the server keeps of a record to place others against it. */
export interface ChainLink {
  id: string;
  deviceId: string;
  seq: number;
  hash: string;
  prevHash: string;
}

/** What the server holds around an upload. */
export interface HeldChain {
  /** This device's stored records at the looked-up seqs (neighbourSeqs). */
  bySeq: ReadonlyMap<number, ChainLink>;
  /** Stored records, of any device, with the ids of the upload. */
  byId: ReadonlyMap<string, ChainLink>;
  /** This device's records up to this seq were received and since purged (retention); 0 when none were. */
  purgedThrough: number;
}

/** A record that contradicts the held chain: the whole upload is refused. */
export interface Fork {
  seq: number;
  detail: string;
}

/** An upload sorted against the held chain. */
export interface Placement<R extends ChainLink> {
  /** New records, to store. */
  fresh: R[];
  /** Ids of records already received (stored, or received and since purged). */
  duplicates: string[];
  /** Contradictions; when there is any, nothing of the upload may be stored. */
  forks: Fork[];
  /** Seqs missing before a fresh record (neither held, nor in the upload, nor purged). */
  gaps: number[];
}

/** The seqs the server must look up to place `records`: each one and its two neighbours. */
export function neighbourSeqs(records: readonly Pick<ChainLink, 'seq'>[]): number[] {
  const wanted = new Set<number>();
  for (const r of records) {
    if (r.seq > 1) wanted.add(r.seq - 1);
    wanted.add(r.seq);
    wanted.add(r.seq + 1);
  }
  return [...wanted].sort((a, b) => a - b);
}

/** Places one device's uploaded records (ascending seq, hashes already checked) against what the server holds. */
export function placeRecords<R extends ChainLink>(records: readonly R[], held: HeldChain): Placement<R> {
  const inUpload = new Map(records.map((r) => [r.seq, r]));
  const out: Placement<R> = { fresh: [], duplicates: [], forks: [], gaps: [] };
  for (const r of records) {
    const same = held.bySeq.get(r.seq);
    if (same) {
      if (same.id === r.id && same.hash === r.hash) out.duplicates.push(r.id);
      else
        out.forks.push({
          seq: r.seq,
          detail: `seq ${r.seq} is already held by record ${same.id} (hash ${same.hash.slice(0, 12)})`,
        });
      continue;
    }
    const sameId = held.byId.get(r.id);
    if (sameId) {
      out.forks.push({
        seq: r.seq,
        detail: `record ${r.id} is already held as ${sameId.deviceId} seq ${sameId.seq}`,
      });
      continue;
    }
    // Received once and purged since: storing it again would bring back what retention removed.
    if (r.seq <= held.purgedThrough) {
      out.duplicates.push(r.id);
      continue;
    }
    if (r.seq === 1 && r.prevHash !== GENESIS)
      out.forks.push({ seq: 1, detail: 'seq 1 does not start from genesis' });
    const prev = r.seq > 1 ? (inUpload.get(r.seq - 1) ?? held.bySeq.get(r.seq - 1)) : undefined;
    if (prev && r.prevHash !== prev.hash)
      out.forks.push({ seq: r.seq, detail: `prevHash of seq ${r.seq} is not the hash of seq ${r.seq - 1}` });
    if (!prev && r.seq - 1 > held.purgedThrough) out.gaps.push(r.seq - 1);
    const next = inUpload.has(r.seq + 1) ? undefined : held.bySeq.get(r.seq + 1);
    if (next && next.prevHash !== r.hash)
      out.forks.push({ seq: r.seq, detail: `stored seq ${r.seq + 1} does not follow seq ${r.seq}` });
    out.fresh.push(r);
  }
  return out;
}
