// The binary revocation list (docs/bundles.md "Revocation list"): round trips at every partition width, the
// later-`before` rule on merge, and every malformed list refused with a reason, never half read.
import { describe, expect, it } from 'vitest';
import {
  columnsOf,
  countOf,
  decodeRevocationList,
  entriesOfColumns,
  mergeColumns,
  prefixBytesFor,
  revocationListBytes,
} from '../../src/core/revocation-list.js';
import { RevocationSet, type RevocationEntry } from '../../src/core/revocations.js';

/** A deterministic subject: n spread over all 16 bytes, so partitions fill. */
function subject(n: number): Uint8Array {
  const s = new Uint8Array(16);
  let x = (n + 1) * 0x9e3779b1;
  for (let i = 0; i < 16; i++) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
    s[i] = x & 0xff;
  }
  return s;
}

const entries = (n: number, iss = 'CN-ZJ'): RevocationEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    iss,
    subject: subject(i),
    before: 1_700_000_000 + i,
    ...(i % 3 === 0 ? { colour: (['green', 'yellow', 'red'] as const)[i % 9 === 0 ? 2 : 1] } : {}),
  }));

const sortKey = (e: RevocationEntry) => `${e.iss}/${Buffer.from(e.subject).toString('hex')}`;
const sorted = (list: RevocationEntry[]) => list.slice().sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

describe('revocation list', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2047, 0],
    [2048, 1],
    [5000, 1],
    [262_144, 2],
  ])('round-trips %i entries (prefix bytes %i)', (n, prefix) => {
    expect(prefixBytesFor(n)).toBe(prefix);
    const input = entries(n);
    const bytes = revocationListBytes(columnsOf(input));
    // Fixed width: 16 - P subject bytes, 4 for `before`, 1 for the colour; the partition table 4 × 256^P.
    const header = 6 + 1 + 5 + 1 + 4;
    expect(bytes.length).toBe(
      n === 0 ? 6 + 0 : header + (prefix ? 4 << (8 * prefix) : 0) + n * (21 - prefix),
    );
    const decoded = decodeRevocationList(bytes);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.value.end).toBe(bytes.length);
    expect(countOf(decoded.value.list)).toBe(n);
    if (n <= 5000) expect([...entriesOfColumns(decoded.value.list)]).toEqual(sorted(input));
    const set = RevocationSet.fromColumns(decoded.value.list);
    for (const i of [0, n >> 1, n - 1].filter((i) => i >= 0 && i < n)) {
      expect(set.revokedBefore('CN-ZJ', subject(i))).toBe(input[i]!.before);
      expect(set.revokedColour('CN-ZJ', subject(i))).toBe(input[i]!.colour);
    }
  });

  it('keeps issuers apart, in name order', () => {
    const list = columnsOf([...entries(3, 'CN-YN'), ...entries(2, 'CN-BJ')]);
    expect(list.map((c) => [c.iss, c.count])).toEqual([
      ['CN-BJ', 2],
      ['CN-YN', 3],
    ]);
    const decoded = decodeRevocationList(revocationListBytes(list));
    expect(decoded.ok && decoded.value.list.map((c) => c.iss)).toEqual(['CN-BJ', 'CN-YN']);
  });

  it.each([
    ['a later before wins', { before: 200 }, { before: 300 }, { before: 300 }],
    [
      'an earlier one changes nothing',
      { before: 300, colour: 'red' },
      { before: 200 },
      { before: 300, colour: 'red' },
    ],
    [
      'the same before can add a colour',
      { before: 300 },
      { before: 300, colour: 'yellow' },
      { before: 300, colour: 'yellow' },
    ],
  ] as const)('merging: %s', (_, held, change, expected) => {
    const one = (e: { before: number; colour?: 'green' | 'yellow' | 'red' }) =>
      columnsOf([{ iss: 'CN-ZJ', subject: subject(1), ...e }]);
    const merged = mergeColumns(one(held), [...one(change), ...columnsOf(entries(2, 'CN-YN'))]);
    expect([...entriesOfColumns(merged)].find((e) => e.iss === 'CN-ZJ')).toEqual({
      iss: 'CN-ZJ',
      subject: subject(1),
      ...expected,
    });
    expect(countOf(merged)).toBe(3);
  });

  it('merges a delta into a large list as a full rebuild would', () => {
    const base = entries(3000);
    const delta = [
      ...entries(50).map((e) => ({ ...e, before: e.before + 10 })),
      ...entries(3100).slice(3000),
    ];
    const merged = mergeColumns(columnsOf(base), columnsOf(delta));
    expect(revocationListBytes(merged)).toEqual(revocationListBytes(columnsOf([...base, ...delta])));
  });

  const good = revocationListBytes(columnsOf(entries(3000)));
  const at = 6 + 1 + 5 + 1 + 4; // the partition table of the one section
  const tampered = (f: (b: Uint8Array, v: DataView) => void) => {
    const b = good.slice();
    f(b, new DataView(b.buffer));
    return b;
  };
  it.each([
    ['not a list', tampered((b) => (b[0] = 0x58)), 'not a revocation list'],
    ['an unknown format', tampered((b) => (b[4] = 2)), 'unknown list format 2'],
    ['cut short', good.subarray(0, good.length - 1), 'truncated'],
    ['a count the prefix does not fit', tampered((_, v) => v.setUint32(at - 4, 100)), 'prefix bytes'],
    ['a partition table going back', tampered((_, v) => v.setUint32(at + 40, 0)), 'partition table'],
    [
      'a partition table ending short',
      tampered((_, v) => v.setUint32(at + 255 * 4, 2999)),
      'partition table',
    ],
    ['a colour out of range', tampered((b) => (b[at + 1024 + 19] = 4)), 'colour 4'],
    [
      'subjects out of order',
      tampered((b) => b.copyWithin(at + 1024 + 20, at + 1024, at + 1024 + 20)),
      'ascending',
    ],
    ['a non-ASCII issuer', tampered((b) => (b[7] = 0xc3)), 'ASCII'],
  ])('refuses %s', (_, bytes, reason) => {
    const decoded = decodeRevocationList(bytes);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toContain(reason);
  });
});
