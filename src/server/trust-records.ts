// Revocation rows as fixed-width records, and the shared trust object made from them (docs/bundles.md): the part
// of a snapshot build that is pure work on bytes, run in a worker thread (trust-worker.ts) off the event loop.
import { createHash } from 'node:crypto';
import { emptyColumns, type RevocationColumns } from '../core/revocation-list.js';
import { keepsLater } from '../core/revocation-table.js';
import { trustObjectContent, type TrustObjectHeader } from '../core/trust-object.js';

/** Bytes per record: issuer rank, 16-byte subject, `before` (u32 BE seconds), colour code (0 none, else 1 + index). */
export const RECORD = 22;
const SUBJECT = 16;
/** Room left after the content for the root's signature, written by the thread that holds the key. */
export const SIGNATURE_ROOM = 64;

/** Revocation rows in any order, as records; `names[rank]` is each record's issuer, in ascending name order. */
export interface RevocationRecords {
  names: string[];
  bytes: Uint8Array;
}

/** An unsigned object: its content followed by SIGNATURE_ROOM free bytes, and the content's SHA-256. */
export interface BuiltContent {
  buffer: Uint8Array;
  size: number;
  digest: Uint8Array;
}

/**
 * The records as sorted columns per issuer (what the binary list encodes): grouped by issuer, then a counting
 * sort on the first two subject bytes and a small sort inside each of those ranges; a subject listed twice (hex
 * written in two cases) keeps the later `before`, as RevocationSet does.
 */
export function columnsFromRecords(records: RevocationRecords): RevocationColumns[] {
  const { names, bytes } = records;
  const n = bytes.length / RECORD;
  const perIssuer = new Uint32Array(names.length + 1);
  for (let r = 0; r < n; r++) perIssuer[bytes[r * RECORD]! + 1]!++;
  for (let k = 0; k < names.length; k++) perIssuer[k + 1]! += perIssuer[k]!;
  const byIssuer = new Uint32Array(n);
  const fill = perIssuer.slice();
  for (let r = 0; r < n; r++) byIssuer[fill[bytes[r * RECORD]!]!++] = r;
  const out: RevocationColumns[] = [];
  const starts = new Uint32Array(65_537);
  const order = new Uint32Array(n);
  for (let k = 0; k < names.length; k++) {
    const from = perIssuer[k]!;
    const to = perIssuer[k + 1]!;
    if (to === from) continue;
    starts.fill(0);
    for (let i = from; i < to; i++) starts[prefix(bytes, byIssuer[i]!) + 1]!++;
    for (let p = 0; p < 65_536; p++) starts[p + 1]! += starts[p]!;
    const at = starts.slice(0, 65_536);
    for (let i = from; i < to; i++) order[from + at[prefix(bytes, byIssuer[i]!)]!++] = byIssuer[i]!;
    for (let p = 0; p < 65_536; p++) sortRange(bytes, order, from + starts[p]!, from + starts[p + 1]!);
    out.push(columnsOf(names[k]!, bytes, order.subarray(from, to)));
  }
  return out;
}

const prefix = (bytes: Uint8Array, r: number) => (bytes[r * RECORD + 1]! << 8) | bytes[r * RECORD + 2]!;

// Compares the subjects of records a and b from byte `from` (the bytes before it are known equal).
function compareRecords(bytes: Uint8Array, a: number, b: number, from: number): number {
  const x = a * RECORD + 1;
  const y = b * RECORD + 1;
  for (let i = from; i < SUBJECT; i++) {
    const d = bytes[x + i]! - bytes[y + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

// Sorts order[lo..hi) by subject; the ranges are ~15 records at a million, so insertion sort, unless a list
// crowds one prefix (subjects are keyed hashes, but a hostile list could choose them): then the built-in sort.
function sortRange(bytes: Uint8Array, order: Uint32Array, lo: number, hi: number): void {
  if (hi - lo > 32) {
    const sorted = Array.from(order.subarray(lo, hi)).sort((a, b) => compareRecords(bytes, a, b, 2));
    order.set(sorted, lo);
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const r = order[i]!;
    let j = i - 1;
    while (j >= lo && compareRecords(bytes, order[j]!, r, 2) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = r;
  }
}

function columnsOf(iss: string, bytes: Uint8Array, order: Uint32Array): RevocationColumns {
  const c = emptyColumns(iss, order.length);
  const { subjects, befores, colours } = c;
  let count = 0;
  let last = -1;
  for (let k = 0; k < order.length; k++) {
    const r = order[k]!;
    const at = r * RECORD;
    const b = at + 1 + SUBJECT;
    const before = ((bytes[b]! << 24) | (bytes[b + 1]! << 16) | (bytes[b + 2]! << 8) | bytes[b + 3]!) >>> 0;
    const colour = bytes[b + 4]!;
    if (last >= 0 && compareRecords(bytes, last, r, 0) === 0) {
      if (keepsLater(befores[count - 1]!, colours[count - 1]!, before, colour)) {
        befores[count - 1] = Math.max(before, befores[count - 1]!);
        colours[count - 1] = colour;
      }
      continue;
    }
    const o = count * SUBJECT;
    for (let i = 0; i < SUBJECT; i++) subjects[o + i] = bytes[at + 1 + i]!;
    befores[count] = before;
    colours[count++] = colour;
    last = r;
  }
  c.count = count;
  return c;
}

/** The object's content (header and list, core/trust-object.ts) in one buffer with room for the signature. */
export function buildContent(header: TrustObjectHeader, list: readonly RevocationColumns[]): BuiltContent {
  const pieces = [...trustObjectContent(header, list)];
  const size = pieces.reduce((n, p) => n + p.length, 0);
  const buffer = new Uint8Array(size + SIGNATURE_ROOM);
  const hash = createHash('sha256');
  let at = 0;
  for (const p of pieces) {
    buffer.set(p, at);
    at += p.length;
  }
  hash.update(buffer.subarray(0, size));
  return { buffer, size, digest: new Uint8Array(hash.digest()) };
}

/** The signed object cut into stored parts of `partSize` bytes (views, no copy). */
export function partsOf(built: BuiltContent, signature: Uint8Array, partSize: number): Uint8Array[] {
  built.buffer.set(signature, built.size);
  const whole = built.buffer.subarray(0, built.size + signature.length);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < whole.length; at += partSize) parts.push(whole.subarray(at, at + partSize));
  return parts;
}
