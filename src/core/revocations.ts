// Revocations by (iss, subject) (spec §3 step 10), in flat typed arrays: sub-µs lookups at 1 M entries, whether
// looked up in a decoded list's sorted columns or in the hash table of entries added one by one.
import { fromHex, isoFromSeconds, secondsFromIso, toHex } from './bytes.js';
import { COLOURS, type Colour } from './hcq1/types.js';
import { parseIssuerEntries } from './issuer-entries.js';
import { err, ok, type Result } from './result.js';
import type { RevocationColumns } from './revocation-list.js';
import { SortedRevocations } from './revocation-sorted.js';
import { keepsLater, RevocationTable } from './revocation-table.js';

/**
 * One revocation: codes of this subject made before `before` (seconds) are revoked. `colour`, when the issuer
 * knows it, is the subject's colour since `before` (an optional field of the spec §4 entry; absent in old lists).
 */
export interface RevocationEntry {
  iss: string;
  subject: Uint8Array;
  before: number;
  colour?: Colour;
}

const SUBJECT = 16;

/**
 * Revocations keyed by issuer and 16-byte subject: a decoded binary list is looked up in place (its sorted
 * columns, by binary search), and entries added one by one go into a hash table; a pair in both reads as if the
 * added entries came after the list (the later `before` wins).
 */
export class RevocationSet {
  private readonly issuers = new Map<string, number>();
  private readonly sorted = new Map<string, SortedRevocations>();
  private readonly table: RevocationTable;
  private sortedCount = 0;
  private overlap = 0; // pairs both in a sorted list and in the table

  /** An empty set sized for `expected` added entries, so building a large list never regrows. */
  constructor(expected = 1024) {
    this.table = new RevocationTable(expected);
  }

  /** A set holding the given entries. */
  static from(entries: Iterable<RevocationEntry>, expected?: number): RevocationSet {
    const set = new RevocationSet(expected ?? (Array.isArray(entries) ? entries.length : undefined));
    for (const e of entries) set.add(e.iss, e.subject, e.before, e.colour);
    return set;
  }

  /**
   * A set over a decoded binary list (revocation-list.ts), kept as it is: one pass checks each issuer's order and
   * indexes it, nothing is copied or hashed. The columns must not change afterwards. Columns out of order, or a
   * second section of one issuer, are added entry by entry instead.
   */
  static fromColumns(list: readonly RevocationColumns[]): RevocationSet {
    const set = new RevocationSet(16);
    const hashed = new Set<string>();
    for (const c of list) {
      if (c.count === 0) continue;
      set.issuerIndex(c.iss);
      const sorted = set.sorted.has(c.iss) || hashed.has(c.iss) ? null : SortedRevocations.of(c);
      hashed.add(c.iss);
      if (sorted) {
        set.sorted.set(c.iss, sorted);
        set.sortedCount += c.count;
      } else
        for (let e = 0; e < c.count; e++)
          set.addAt(c.iss, c.subjects, e * SUBJECT, c.befores[e]!, c.colours[e]!);
    }
    return set;
  }

  /** Number of distinct (iss, subject) pairs. */
  get size(): number {
    return this.sortedCount + this.table.size - this.overlap;
  }

  /** Bytes held by the typed arrays (for the benchmark's memory figure). */
  get byteLength(): number {
    let n = this.table.byteLength;
    for (const s of this.sorted.values()) n += s.byteLength;
    return n;
  }

  /** Adds a revocation; for a pair already present the later `before` wins, with its colour. */
  add(iss: string, subject: Uint8Array, before: number, colour?: Colour): void {
    if (subject.length !== SUBJECT) throw new RangeError('subject must be 16 bytes');
    this.addAt(iss, subject, 0, before, colour === undefined ? 0 : 1 + COLOURS.indexOf(colour));
  }

  // The subject is the 16 bytes of `bytes` at `at`; `code` is 0 for no colour, else 1 + its index.
  private addAt(iss: string, bytes: Uint8Array, at: number, before: number, code: number): void {
    if (!Number.isInteger(before) || before < 0 || before > 0xffffffff)
      throw new RangeError('before out of range');
    const added = this.table.add(this.issuerIndex(iss), bytes, at, before, code);
    if (added && (this.sorted.get(iss)?.indexOf(bytes, at) ?? -1) >= 0) this.overlap++;
  }

  private issuerIndex(iss: string): number {
    let index = this.issuers.get(iss);
    if (index === undefined) {
      index = this.issuers.size;
      if (index > 0xffff) throw new RangeError('too many issuers');
      this.issuers.set(iss, index);
    }
    return index;
  }

  // The pair's `before` × 4 + colour code, the list's merged with the table's, or -1 when neither holds it: one
  // number, so a lookup (one per scan) allocates nothing.
  private lookup(iss: string, subject: Uint8Array): number {
    const issIndex = this.issuers.get(iss);
    if (issIndex === undefined || subject.length !== SUBJECT) return -1;
    const t = this.table.size > 0 ? this.table.indexOf(issIndex, subject, 0) : -1;
    const sorted = this.sorted.size > 0 ? this.sorted.get(iss) : undefined;
    const s = sorted ? sorted.indexOf(subject, 0) : -1;
    if (s < 0) return t < 0 ? -1 : this.table.beforeAt(t) * 4 + this.table.colourAt(t);
    const before = sorted!.columns.befores[s]!;
    const colour = sorted!.columns.colours[s]!;
    if (t < 0 || !keepsLater(before, colour, this.table.beforeAt(t), this.table.colourAt(t)))
      return before * 4 + colour;
    return Math.max(before, this.table.beforeAt(t)) * 4 + this.table.colourAt(t);
  }

  /** The `before` time revoking this subject's codes, or undefined when none is listed. */
  revokedBefore(iss: string, subject: Uint8Array): number | undefined {
    const found = this.lookup(iss, subject);
    return found < 0 ? undefined : Math.floor(found / 4);
  }

  /** The colour the issuer gave this subject when revoking its codes, or undefined when it gave none. */
  revokedColour(iss: string, subject: Uint8Array): Colour | undefined {
    const code = this.lookup(iss, subject) % 4;
    return code <= 0 ? undefined : COLOURS[code - 1];
  }

  /** Every entry, for snapshots and files: the lists' (merged with added ones), then the other added ones. */
  *entries(): IterableIterator<RevocationEntry> {
    const entry = (iss: string, subject: Uint8Array): RevocationEntry => {
      const colour = this.revokedColour(iss, subject);
      return { iss, subject, before: this.revokedBefore(iss, subject)!, ...(colour ? { colour } : {}) };
    };
    for (const [iss, s] of this.sorted)
      for (let e = 0; e < s.columns.count; e++)
        yield entry(iss, s.columns.subjects.slice(e * SUBJECT, (e + 1) * SUBJECT));
    const names = [...this.issuers.keys()];
    for (let e = 0; e < this.table.size; e++) {
      const iss = names[this.table.issuerAt(e)]!;
      const subject = this.table.subjectAt(e);
      if ((this.sorted.get(iss)?.indexOf(subject, 0) ?? -1) < 0) yield entry(iss, subject);
    }
  }
}

/** Parses a revocations.json document (spec §4), naming the first entry and field at fault. */
export function parseRevocationsFile(json: unknown): Result<RevocationEntry[]> {
  return parseIssuerEntries(json, 'entries', (e, at) => {
    const subject = typeof e.subject === 'string' ? fromHex(e.subject) : null;
    if (!subject || subject.length !== SUBJECT) return err(`${at}.subject: expected 16 bytes of hex`);
    const before = typeof e.before === 'string' ? secondsFromIso(e.before) : null;
    if (before === null || before < 0 || before > 0xffffffff)
      return err(`${at}.before: expected an ISO 8601 time`);
    if (e.colour !== undefined && !(COLOURS as readonly unknown[]).includes(e.colour))
      return err(`${at}.colour: expected green, yellow or red, or no colour`);
    return ok({
      iss: e.iss,
      subject,
      before,
      ...(e.colour !== undefined ? { colour: e.colour as Colour } : {}),
    });
  });
}

/** The revocations.json document for entries (spec §4). */
export function revocationsFileJson(entries: Iterable<RevocationEntry>): {
  entries: { iss: string; subject: string; before: string; colour?: Colour }[];
} {
  return {
    entries: [...entries].map((e) => ({
      iss: e.iss,
      subject: toHex(e.subject),
      before: isoFromSeconds(e.before),
      ...(e.colour ? { colour: e.colour } : {}),
    })),
  };
}
