// Lookups straight in one issuer's sorted columns (core/revocation-list.ts), by binary search inside the range of
// subjects sharing the first two bytes: no hash table to build, so a device applies a million-entry snapshot in
// one pass over it (issue 14).
import type { RevocationColumns } from './revocation-list.js';

const SUBJECT = 16;
/** Below this many entries a plain binary search is as quick as the prefix index, which then is not built. */
const INDEXED_FROM = 4096;

/** One issuer's revocations as sorted columns, held as given (not copied), with a two-byte prefix index. */
export class SortedRevocations {
  private constructor(
    /** The columns looked up; they must not change while this is in use. */
    readonly columns: RevocationColumns,
    // starts[p]..starts[p + 1] is the range of entries whose subject begins with the two bytes p (or null).
    private readonly starts: Uint32Array | null,
  ) {}

  /** The columns with their index, or null when the subjects are not strictly ascending (one linear pass). */
  static of(columns: RevocationColumns): SortedRevocations | null {
    const { count, subjects } = columns;
    if (count * SUBJECT > subjects.length || count > columns.befores.length || count > columns.colours.length)
      return null;
    const starts = count >= INDEXED_FROM ? new Uint32Array(65_537) : null;
    let prefix = -1;
    for (let e = 0; e < count; e++) {
      const o = e * SUBJECT;
      if (e > 0) {
        let d = 0;
        for (let i = 0; d === 0 && i < SUBJECT; i++) d = subjects[o + i]! - subjects[o - SUBJECT + i]!;
        if (d <= 0) return null;
      }
      if (starts) {
        const p = (subjects[o]! << 8) | subjects[o + 1]!;
        while (prefix < p) starts[++prefix] = e;
      }
    }
    if (starts) while (prefix < 65_536) starts[++prefix] = count;
    return new SortedRevocations(columns, starts);
  }

  /** The entry index of the subject at `subject[at..at+16]`, or -1. */
  indexOf(subject: Uint8Array, at: number): number {
    const s = this.columns.subjects;
    let lo = 0;
    let hi = this.columns.count;
    let from = 0;
    if (this.starts) {
      const p = (subject[at]! << 8) | subject[at + 1]!;
      lo = this.starts[p]!;
      hi = this.starts[p + 1]!;
      from = 2;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = mid * SUBJECT;
      let d = 0;
      for (let i = from; d === 0 && i < SUBJECT; i++) d = s[o + i]! - subject[at + i]!;
      if (d === 0) return mid;
      if (d < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** Bytes held by the columns and the index. */
  get byteLength(): number {
    const c = this.columns;
    return (
      c.subjects.byteLength + c.befores.byteLength + c.colours.byteLength + (this.starts?.byteLength ?? 0)
    );
  }
}
