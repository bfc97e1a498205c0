// The binary revocation list (docs/bundles.md "Revocation list"): per issuer, subjects sorted and split by their
// leading bytes, fixed-width entries; read straight into typed arrays, no JSON and no object per entry.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { COLOURS } from './hcq1/types.js';
import { asciiText } from './bytes.js';
import { err, ok, type Result } from './result.js';
import type { RevocationEntry } from './revocations.js';
import { keepsLater } from './revocation-table.js';

const MAGIC = [0x43, 0x50, 0x52, 0x56]; // "CPRV"
const FORMAT = 1;
const SUBJECT = 16;

/** One issuer's revocations as columns, subjects strictly ascending; colour 0 = none, else 1 + COLOURS index. */
export interface RevocationColumns {
  iss: string;
  count: number;
  subjects: Uint8Array;
  befores: Uint32Array;
  colours: Uint8Array;
}

/** How many leading subject bytes a section drops into its partition table: the table must pay for itself. */
export const prefixBytesFor = (count: number): number => (count >= 262_144 ? 2 : count >= 2048 ? 1 : 0);

/** Empty columns with room for `capacity` entries. */
export function emptyColumns(iss: string, capacity: number): RevocationColumns {
  return {
    iss,
    count: 0,
    subjects: new Uint8Array(capacity * SUBJECT),
    befores: new Uint32Array(capacity),
    colours: new Uint8Array(capacity),
  };
}

/** Columns from entries in any order; a pair listed twice keeps the later `before` (RevocationSet's rule). */
export function columnsOf(entries: Iterable<RevocationEntry>): RevocationColumns[] {
  const byIss = new Map<string, RevocationEntry[]>();
  for (const e of entries) {
    const list = byIss.get(e.iss);
    if (list) list.push(e);
    else byIss.set(e.iss, [e]);
  }
  return [...byIss.keys()].sort().map((iss) => {
    const list = byIss
      .get(iss)!
      .slice()
      .sort((a, b) => compare(a.subject, 0, b.subject, 0));
    const out = emptyColumns(iss, list.length);
    for (const e of list) {
      const code = e.colour ? 1 + COLOURS.indexOf(e.colour) : 0;
      const last = out.count - 1;
      if (last >= 0 && compare(out.subjects, last * SUBJECT, e.subject, 0) === 0) {
        if (keepsLater(out.befores[last]!, out.colours[last]!, e.before, code)) {
          out.befores[last] = e.before;
          out.colours[last] = code;
        }
        continue;
      }
      out.subjects.set(e.subject, out.count * SUBJECT);
      out.befores[out.count] = e.before;
      out.colours[out.count++] = code;
    }
    return out;
  });
}

/** Compares 16-byte subjects at offsets in two buffers. */
export function compare(a: Uint8Array, ai: number, b: Uint8Array, bi: number): number {
  for (let i = 0; i < SUBJECT; i++) {
    const d = a[ai + i]! - b[bi + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Every entry of the columns, for JSON files and the old bundle format. */
export function* entriesOfColumns(list: readonly RevocationColumns[]): IterableIterator<RevocationEntry> {
  for (const c of list)
    for (let e = 0; e < c.count; e++) {
      const colour = c.colours[e]! === 0 ? undefined : COLOURS[c.colours[e]! - 1];
      yield {
        iss: c.iss,
        subject: c.subjects.slice(e * SUBJECT, (e + 1) * SUBJECT),
        before: c.befores[e]!,
        ...(colour ? { colour } : {}),
      };
    }
}

/** Merges changes into held columns (both sorted), linearly; a pair in both keeps the later `before`. */
export function mergeColumns(
  held: readonly RevocationColumns[],
  changed: readonly RevocationColumns[],
): RevocationColumns[] {
  const names = [...new Set([...held, ...changed].map((c) => c.iss))].sort();
  return names.map((iss) => {
    const a = held.find((c) => c.iss === iss) ?? emptyColumns(iss, 0);
    const b = changed.find((c) => c.iss === iss) ?? emptyColumns(iss, 0);
    const out = emptyColumns(iss, a.count + b.count);
    let i = 0;
    let j = 0;
    const put = (from: RevocationColumns, k: number) => {
      out.subjects.set(from.subjects.subarray(k * SUBJECT, (k + 1) * SUBJECT), out.count * SUBJECT);
      out.befores[out.count] = from.befores[k]!;
      out.colours[out.count++] = from.colours[k]!;
    };
    while (i < a.count || j < b.count) {
      const d =
        i >= a.count ? 1 : j >= b.count ? -1 : compare(a.subjects, i * SUBJECT, b.subjects, j * SUBJECT);
      if (d < 0) put(a, i++);
      else if (d > 0) put(b, j++);
      else {
        put(a, i++);
        if (
          keepsLater(out.befores[out.count - 1]!, out.colours[out.count - 1]!, b.befores[j]!, b.colours[j]!)
        ) {
          out.befores[out.count - 1] = b.befores[j]!;
          out.colours[out.count - 1] = b.colours[j]!;
        }
        j++;
      }
    }
    return out;
  });
}

/** The encoded size of a list, to allocate once. */
function sizeOf(list: readonly RevocationColumns[]): number {
  let n = MAGIC.length + 2;
  for (const c of list) {
    const p = prefixBytesFor(c.count);
    n += 1 + utf8ToBytes(c.iss).length + 1 + 4 + (p ? 4 << (8 * p) : 0) + c.count * (SUBJECT - p + 5);
  }
  return n;
}

/**
 * Encodes a list, yielding after every `step` entries (the whole buffer is the last value), so a server can hash
 * and yield to its event loop between pieces. Layout: "CPRV", format 1, issuer count; per issuer: name length and
 * UTF-8 name, prefix bytes P (0-2), entry count (u32 BE), 256^P partition ends (u32 BE), then per entry the
 * subject without its P leading bytes, `before` (u32 BE seconds) and the colour byte.
 */
export function* encodeRevocationList(
  list: readonly RevocationColumns[],
  step = 65_536,
): Generator<Uint8Array, Uint8Array> {
  if (list.length > 255) throw new RangeError('too many issuers');
  const out = new Uint8Array(sizeOf(list));
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = FORMAT;
  out[5] = list.length;
  let at = 6;
  let flushed = 0;
  for (const c of list) {
    const name = utf8ToBytes(c.iss);
    if (name.length === 0 || name.length > 255 || asciiText(name) === null)
      throw new RangeError('issuer name: 1-255 ASCII characters');
    const p = prefixBytesFor(c.count);
    out[at++] = name.length;
    out.set(name, at);
    at += name.length;
    out[at++] = p;
    view.setUint32(at, c.count);
    at += 4;
    if (p > 0) {
      const parts = 1 << (8 * p);
      let e = 0;
      for (let part = 0; part < parts; part++) {
        while (e < c.count && prefixOf(c.subjects, e * SUBJECT, p) === part) e++;
        view.setUint32(at + part * 4, e);
      }
      at += parts * 4;
    }
    for (let e = 0; e < c.count; e++) {
      out.set(c.subjects.subarray(e * SUBJECT + p, (e + 1) * SUBJECT), at);
      at += SUBJECT - p;
      view.setUint32(at, c.befores[e]!);
      out[at + 4] = c.colours[e]!;
      at += 5;
      if ((e + 1) % step === 0) {
        yield out.subarray(flushed, at);
        flushed = at;
      }
    }
  }
  if (flushed < at) yield out.subarray(flushed, at);
  return out;
}

/** The whole encoded list at once. */
export function revocationListBytes(list: readonly RevocationColumns[]): Uint8Array {
  const it = encodeRevocationList(list);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

const prefixOf = (s: Uint8Array, at: number, p: number) => (p === 1 ? s[at]! : (s[at]! << 8) | s[at + 1]!);

/** Why a list was refused: the first thing that does not hold. */
export type ListError = string;

/** Decodes and checks a list (sizes, partition table, strict order, colours); `end` is where it stops. */
export function decodeRevocationList(
  bytes: Uint8Array,
  from = 0,
): Result<{ list: RevocationColumns[]; end: number }, ListError> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // No closure over `at`: a captured variable would live in a context object, slowing the loop below.
  let at = from;
  if (at + 6 > bytes.length || MAGIC.some((m, i) => bytes[from + i] !== m))
    return err('not a revocation list');
  if (bytes[from + 4] !== FORMAT) return err(`unknown list format ${bytes[from + 4]}`);
  const sections = bytes[from + 5]!;
  at += 6;
  const list: RevocationColumns[] = [];
  for (let s = 0; s < sections; s++) {
    if (at + 1 > bytes.length) return err('truncated');
    const nameLength = bytes[at++]!;
    if (nameLength === 0 || at + nameLength + 5 > bytes.length) return err('truncated issuer');
    const iss = asciiText(bytes.subarray(at, at + nameLength));
    if (iss === null) return err('issuer name is not ASCII');
    at += nameLength;
    if (list.length > 0 && list[list.length - 1]!.iss >= iss) return err('issuers out of order');
    const p = bytes[at++]!;
    const count = view.getUint32(at);
    at += 4;
    if (p > 2 || p !== prefixBytesFor(count)) return err(`${iss}: prefix bytes ${p} for ${count} entries`);
    const parts = p ? 1 << (8 * p) : 0;
    const width = SUBJECT - p + 5;
    if (at + parts * 4 + count * width > bytes.length) return err(`${iss}: truncated`);
    const table = at;
    at += parts * 4;
    const c = emptyColumns(iss, count);
    const s = c.subjects;
    let part = 0;
    let partEnd = parts ? view.getUint32(table) : count;
    for (let e = 0; e < count; e++) {
      while (e >= partEnd) {
        if (++part >= parts) return err(`${iss}: partition table end`);
        const next = view.getUint32(table + part * 4);
        if (next < partEnd) return err(`${iss}: partition table not ascending`);
        partEnd = next;
      }
      // Byte by byte, no view per entry: this loop is most of a device's work on a million-entry snapshot.
      const o = e * SUBJECT;
      if (p === 1) s[o] = part;
      else if (p === 2) {
        s[o] = part >>> 8;
        s[o + 1] = part & 0xff;
      }
      for (let i = p; i < SUBJECT; i++) s[o + i] = bytes[at++]!;
      c.befores[e] = view.getUint32(at);
      const colour = bytes[at + 4]!;
      if (colour > COLOURS.length) return err(`${iss}: entry ${e}: colour ${colour}`);
      c.colours[e] = colour;
      at += 5;
      if (e > 0) {
        let d = 0;
        for (let i = 0; d === 0 && i < SUBJECT; i++) d = s[o + i]! - s[o - SUBJECT + i]!;
        if (d <= 0) return err(`${iss}: entry ${e}: subjects not strictly ascending`);
      }
    }
    if (parts && view.getUint32(table + (parts - 1) * 4) !== count) return err(`${iss}: partition table end`);
    for (let k = part; k < parts - 1; k++)
      if (view.getUint32(table + k * 4) > view.getUint32(table + (k + 1) * 4))
        return err(`${iss}: partition table not ascending`);
    c.count = count;
    list.push(c);
  }
  return ok({ list, end: at });
}

/** How many revocations a list holds. */
export const countOf = (list: readonly RevocationColumns[]): number => list.reduce((n, c) => n + c.count, 0);

/** How many revocations an encoded list holds, from its section headers alone (0 for a list that is not one). */
export function listCount(bytes: Uint8Array): number {
  if (bytes.length < 6 || MAGIC.some((m, i) => bytes[i] !== m)) return 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 6;
  let n = 0;
  for (let s = 0; s < bytes[5]! && at < bytes.length; s++) {
    at += 1 + bytes[at]!;
    const p = bytes[at]!;
    if (at + 5 > bytes.length) return 0;
    const count = view.getUint32(at + 1);
    n += count;
    at += 5 + (p ? 4 << (8 * p) : 0) + count * (SUBJECT - p + 5);
  }
  return n;
}
