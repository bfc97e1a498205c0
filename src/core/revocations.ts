// Revocations by (iss, subject) (spec §3 step 10), in flat typed arrays: ~30 MB and sub-µs lookups at 1 M entries.
import { fromHex, isoFromSeconds, secondsFromIso, toHex } from './bytes.js';
import { COLOURS, type Colour } from './hcq1/types.js';
import { err, ok, type Result } from './result.js';
import type { RevocationColumns } from './revocation-list.js';

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

/** An open-addressing hash set of revocations keyed by issuer and 16-byte subject. */
export class RevocationSet {
  private readonly issuers = new Map<string, number>();
  private subjects: Uint8Array;
  private befores: Uint32Array;
  private issOf: Uint16Array;
  private colours: Uint8Array; // 0: not given; else 1 + the colour's wire value
  private table: Int32Array; // slot → entry index + 1; 0 is empty
  private count = 0;

  /** An empty set sized for `expected` entries, so building a large list never regrows. */
  constructor(expected = 1024) {
    const cap = Math.max(16, expected);
    this.subjects = new Uint8Array(cap * SUBJECT);
    this.befores = new Uint32Array(cap);
    this.issOf = new Uint16Array(cap);
    this.colours = new Uint8Array(cap);
    this.table = new Int32Array(tableSizeFor(cap));
  }

  /** A set holding the given entries. */
  static from(entries: Iterable<RevocationEntry>, expected?: number): RevocationSet {
    const set = new RevocationSet(expected ?? (Array.isArray(entries) ? entries.length : undefined));
    for (const e of entries) set.add(e.iss, e.subject, e.before, e.colour);
    return set;
  }

  /** A set holding a decoded binary list (revocation-list.ts), copied column by column: no object per entry. */
  static fromColumns(list: readonly RevocationColumns[]): RevocationSet {
    const set = new RevocationSet(list.reduce((n, c) => n + c.count, 0));
    for (const c of list)
      for (let e = 0; e < c.count; e++)
        set.addAt(c.iss, c.subjects, e * SUBJECT, c.befores[e]!, c.colours[e]!);
    return set;
  }

  /** Number of distinct (iss, subject) pairs. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the typed arrays (for the benchmark's memory figure). */
  get byteLength(): number {
    return (
      this.subjects.byteLength +
      this.befores.byteLength +
      this.issOf.byteLength +
      this.colours.byteLength +
      this.table.byteLength
    );
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
    let issIndex = this.issuers.get(iss);
    if (issIndex === undefined) {
      issIndex = this.issuers.size;
      if (issIndex > 0xffff) throw new RangeError('too many issuers');
      this.issuers.set(iss, issIndex);
    }
    const found = this.find(issIndex, bytes, at);
    if (found.entry >= 0) {
      const held = this.befores[found.entry]!;
      if (before > held) {
        this.befores[found.entry] = before;
        this.colours[found.entry] = code;
      } else if (before === held && code !== 0) this.colours[found.entry] = code;
      return;
    }
    if (this.count === this.befores.length) this.growEntries();
    if ((this.count + 1) * 2 > this.table.length) {
      this.rehash(this.table.length * 2);
      this.addAt(iss, bytes, at, before, code);
      return;
    }
    const e = this.count++;
    this.subjects.set(bytes.subarray(at, at + SUBJECT), e * SUBJECT);
    this.befores[e] = before;
    this.issOf[e] = issIndex;
    this.colours[e] = code;
    this.table[found.slot] = e + 1;
  }

  /** The `before` time revoking this subject's codes, or undefined when none is listed. */
  revokedBefore(iss: string, subject: Uint8Array): number | undefined {
    const issIndex = this.issuers.get(iss);
    if (issIndex === undefined || subject.length !== SUBJECT) return undefined;
    const { entry } = this.find(issIndex, subject, 0);
    return entry >= 0 ? this.befores[entry] : undefined;
  }

  /** The colour the issuer gave this subject when revoking its codes, or undefined when it gave none. */
  revokedColour(iss: string, subject: Uint8Array): Colour | undefined {
    const issIndex = this.issuers.get(iss);
    if (issIndex === undefined || subject.length !== SUBJECT) return undefined;
    const { entry } = this.find(issIndex, subject, 0);
    const code = entry >= 0 ? this.colours[entry]! : 0;
    return code === 0 ? undefined : COLOURS[code - 1];
  }

  /** Every entry, for snapshots and files. */
  *entries(): IterableIterator<RevocationEntry> {
    const names = [...this.issuers.keys()];
    for (let e = 0; e < this.count; e++) {
      const colour = this.colours[e]! === 0 ? undefined : COLOURS[this.colours[e]! - 1];
      yield {
        iss: names[this.issOf[e]!]!,
        subject: this.subjects.slice(e * SUBJECT, (e + 1) * SUBJECT),
        before: this.befores[e]!,
        ...(colour ? { colour } : {}),
      };
    }
  }

  private find(issIndex: number, subject: Uint8Array, at: number): { slot: number; entry: number } {
    const mask = this.table.length - 1;
    let slot = hash(issIndex, subject, at) & mask;
    for (;;) {
      const v = this.table[slot]!;
      if (v === 0) return { slot, entry: -1 };
      const e = v - 1;
      if (this.issOf[e] === issIndex && this.sameSubject(e, subject, at)) return { slot, entry: e };
      slot = (slot + 1) & mask;
    }
  }

  private sameSubject(e: number, subject: Uint8Array, at: number): boolean {
    const base = e * SUBJECT;
    for (let i = 0; i < SUBJECT; i++) if (this.subjects[base + i] !== subject[at + i]) return false;
    return true;
  }

  private growEntries(): void {
    const cap = this.befores.length * 2;
    const subjects = new Uint8Array(cap * SUBJECT);
    subjects.set(this.subjects);
    const befores = new Uint32Array(cap);
    befores.set(this.befores);
    const issOf = new Uint16Array(cap);
    issOf.set(this.issOf);
    const colours = new Uint8Array(cap);
    colours.set(this.colours);
    this.subjects = subjects;
    this.befores = befores;
    this.issOf = issOf;
    this.colours = colours;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    const mask = size - 1;
    for (let e = 0; e < this.count; e++) {
      let slot = hash(this.issOf[e]!, this.subjects, e * SUBJECT) & mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & mask;
      this.table[slot] = e + 1;
    }
  }
}

function tableSizeFor(entries: number): number {
  let size = 16;
  while (size < entries * 2) size *= 2;
  return size;
}

// Subjects are issuers' keyed hashes, but a hostile list could still choose them: mix all 16 bytes.
function hash(issIndex: number, s: Uint8Array, at: number): number {
  let h = Math.imul(issIndex + 1, 0x9e3779b1);
  for (let i = at; i < at + SUBJECT; i += 4) {
    const w = s[i]! | (s[i + 1]! << 8) | (s[i + 2]! << 16) | (s[i + 3]! << 24);
    h = Math.imul(h ^ w, 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Parses a revocations.json document (spec §4), naming the first entry and field at fault. */
export function parseRevocationsFile(json: unknown): Result<RevocationEntry[]> {
  const entries = (json as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) return err('expected {"entries": [...]}');
  const out: RevocationEntry[] = [];
  for (const [i, raw] of entries.entries()) {
    const e = raw as Record<string, unknown> | null;
    const at = `entries[${i}]`;
    if (!e || typeof e !== 'object') return err(`${at}: not an object`);
    if (typeof e.iss !== 'string' || !e.iss) return err(`${at}.iss: expected a region code such as CN-ZJ`);
    const subject = typeof e.subject === 'string' ? fromHex(e.subject) : null;
    if (!subject || subject.length !== SUBJECT) return err(`${at}.subject: expected 16 bytes of hex`);
    const before = typeof e.before === 'string' ? secondsFromIso(e.before) : null;
    if (before === null || before < 0 || before > 0xffffffff)
      return err(`${at}.before: expected an ISO 8601 time`);
    if (e.colour !== undefined && !(COLOURS as readonly unknown[]).includes(e.colour))
      return err(`${at}.colour: expected green, yellow or red, or no colour`);
    out.push({
      iss: e.iss,
      subject,
      before,
      ...(e.colour !== undefined ? { colour: e.colour as Colour } : {}),
    });
  }
  return ok(out);
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
