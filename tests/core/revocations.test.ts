// Revocations (spec §3 step 10, §4): lookup by (iss, subject), later `before` wins, files parsed strictly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RevocationSet, parseRevocationsFile, revocationsFileJson } from '../../src/core/revocations.ts';
import type { RevocationEntry } from '../../src/core/revocations.ts';
import { columnsOf } from '../../src/core/revocation-list.ts';
import { COLOURS } from '../../src/core/hcq1/types.ts';
import { toHex } from '../../src/core/bytes.ts';

const subj = (n: number) => {
  const s = new Uint8Array(16);
  new DataView(s.buffer).setUint32(12, n);
  return s;
};

describe('RevocationSet', () => {
  it('finds exactly the pairs added, per issuer', () => {
    const set = new RevocationSet(4);
    set.add('CN-ZJ', subj(1), 100);
    set.add('CN-YN', subj(2), 200);
    expect(set.revokedBefore('CN-ZJ', subj(1))).toBe(100);
    expect(set.revokedBefore('CN-YN', subj(1))).toBeUndefined();
    expect(set.revokedBefore('CN-YN', subj(2))).toBe(200);
    expect(set.revokedBefore('CN-CQ', subj(2))).toBeUndefined();
    expect(set.size).toBe(2);
  });

  it('keeps the later `before` when a subject is listed twice', () => {
    const set = RevocationSet.from([
      { iss: 'CN-ZJ', subject: subj(9), before: 500 },
      { iss: 'CN-ZJ', subject: subj(9), before: 300 },
    ]);
    expect(set.revokedBefore('CN-ZJ', subj(9))).toBe(500);
    expect(set.size).toBe(1);
  });

  it.each([
    ['no colour', [{ before: 100 }], undefined],
    ['the colour given', [{ before: 100, colour: 'yellow' }], 'yellow'],
    [
      'the later revocation’s colour',
      [
        { before: 100, colour: 'yellow' },
        { before: 200, colour: 'red' },
      ],
      'red',
    ],
    [
      'no colour from a later revocation without one',
      [{ before: 100, colour: 'red' }, { before: 200 }],
      undefined,
    ],
    [
      'the later one’s colour, whatever the order',
      [
        { before: 200, colour: 'green' },
        { before: 100, colour: 'red' },
      ],
      'green',
    ],
    ['a colour added to the same revocation', [{ before: 100 }, { before: 100, colour: 'yellow' }], 'yellow'],
  ] as const)('keeps %s (an issuer knowing the new colour says so)', (_case, adds, colour) => {
    const set = new RevocationSet(4);
    for (const a of adds) set.add('CN-ZJ', subj(3), a.before, 'colour' in a ? a.colour : undefined);
    expect(set.revokedColour('CN-ZJ', subj(3))).toBe(colour);
    expect([...set.entries()][0]?.colour).toBe(colour);
  });

  it('agrees with a plain Map for any entries, through growth and rehashing (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            iss: fc.constantFrom('CN-ZJ', 'CN-YN', 'CN-CQ'),
            n: fc.nat({ max: 500 }),
            before: fc.nat(),
          }),
          {
            maxLength: 400,
          },
        ),
        (entries) => {
          const set = new RevocationSet(1);
          const model = new Map<string, number>();
          for (const e of entries) {
            set.add(e.iss, subj(e.n), e.before);
            const k = `${e.iss}/${e.n}`;
            model.set(k, Math.max(model.get(k) ?? 0, e.before));
          }
          expect(set.size).toBe(model.size);
          for (const [k, before] of model) {
            const [iss, n] = k.split('/');
            expect(set.revokedBefore(iss!, subj(Number(n)))).toBe(before);
          }
          expect(set.revokedBefore('CN-ZJ', subj(9999))).toBeUndefined();
        },
      ),
    );
  });

  it('holds 1,000,000 entries in under 40 MB of arrays', () => {
    const n = 1_000_000;
    const set = new RevocationSet(n);
    const s = new Uint8Array(16);
    const view = new DataView(s.buffer);
    for (let i = 0; i < n; i++) {
      view.setUint32(0, Math.imul(i, 2654435761));
      view.setUint32(12, i);
      set.add('CN-ZJ', s, i);
    }
    expect(set.size).toBe(n);
    expect(set.byteLength).toBeLessThan(40 * 1024 * 1024);
    view.setUint32(0, Math.imul(777, 2654435761));
    view.setUint32(12, 777);
    expect(set.revokedBefore('CN-ZJ', s)).toBe(777);
  });
});

describe('RevocationSet over a decoded list (sorted columns, looked up in place)', () => {
  const entry = fc.record({
    iss: fc.constantFrom('CN-ZJ', 'CN-YN'),
    // Subjects crowding one two-byte prefix as well as spread ones, so both lookups are exercised.
    n: fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: 0xffffff })),
    before: fc.nat({ max: 1000 }),
    colour: fc.option(fc.constantFrom(...COLOURS), { nil: undefined }),
  });
  const spread = (n: number) => {
    const s = subj(n);
    new DataView(s.buffer).setUint16(0, n >>> 8);
    return s;
  };
  const toEntry = (e: {
    iss: string;
    n: number;
    before: number;
    colour: (typeof COLOURS)[number] | undefined;
  }) =>
    ({
      iss: e.iss,
      subject: spread(e.n),
      before: e.before,
      ...(e.colour ? { colour: e.colour } : {}),
    }) as RevocationEntry;

  it('answers as a set built entry by entry would, the list first and the added entries after (property)', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 300 }),
        fc.array(entry, { maxLength: 60 }),
        (listed, added) => {
          const list = listed.map(toEntry);
          const more = added.map(toEntry);
          const set = RevocationSet.fromColumns(columnsOf(list));
          for (const e of more) set.add(e.iss, e.subject, e.before, e.colour);
          const model = RevocationSet.from([...list, ...more]);
          expect(set.size).toBe(model.size);
          for (const e of [...list, ...more]) {
            expect(set.revokedBefore(e.iss, e.subject)).toBe(model.revokedBefore(e.iss, e.subject));
            expect(set.revokedColour(e.iss, e.subject)).toBe(model.revokedColour(e.iss, e.subject));
          }
          const key = (e: RevocationEntry) => `${e.iss}/${toHex(e.subject)}/${e.before}/${e.colour ?? ''}`;
          expect([...set.entries()].map(key).sort()).toEqual([...model.entries()].map(key).sort());
          expect(set.revokedBefore('CN-ZJ', spread(0xfffffff))).toBeUndefined();
          expect(set.revokedBefore('CN-CQ', spread(1))).toBeUndefined();
        },
      ),
    );
  });

  it('finds every entry of a list large enough for the prefix index, and nothing else', () => {
    const list = Array.from({ length: 10_000 }, (_, i) => ({
      iss: 'CN-ZJ',
      subject: spread(i * 977),
      before: i,
    }));
    const set = RevocationSet.fromColumns(columnsOf(list));
    expect(set.size).toBe(10_000);
    for (const e of list) expect(set.revokedBefore('CN-ZJ', e.subject)).toBe(e.before);
    expect(set.revokedBefore('CN-ZJ', spread(977 * 10_000))).toBeUndefined();
    expect(set.revokedBefore('CN-ZJ', spread(977 * 5 + 1))).toBeUndefined();
  });

  it.each([
    [
      'out of order',
      (c: ReturnType<typeof columnsOf>) => [{ ...c[0]!, subjects: c[0]!.subjects.slice().reverse() }],
    ],
    ['an issuer given twice', (c: ReturnType<typeof columnsOf>) => [c[0]!, c[0]!]],
  ])('takes columns %s entry by entry, still finding every one', (_case, change) => {
    const list = Array.from({ length: 50 }, (_, i) => ({
      iss: 'CN-ZJ',
      subject: spread(i * 31 + 1),
      before: i + 1,
    }));
    const columns = change(columnsOf(list));
    const set = RevocationSet.fromColumns(columns);
    const model = RevocationSet.from(
      columns.flatMap((c) =>
        Array.from({ length: c.count }, (_, e) => ({
          iss: c.iss,
          subject: c.subjects.slice(e * 16, e * 16 + 16),
          before: c.befores[e]!,
        })),
      ),
    );
    expect(set.size).toBe(model.size);
    for (const e of model.entries()) expect(set.revokedBefore(e.iss, e.subject)).toBe(e.before);
  });
});

describe('revocations.json', () => {
  it('round-trips and names the field at fault', () => {
    const file = revocationsFileJson([{ iss: 'CN-ZJ', subject: subj(5), before: 1637000000 }]);
    expect(file.entries[0]).toEqual({
      iss: 'CN-ZJ',
      subject: toHex(subj(5)),
      before: '2021-11-15T18:13:20Z',
    });
    expect(parseRevocationsFile(file)).toMatchObject({
      ok: true,
      value: [{ iss: 'CN-ZJ', before: 1637000000 }],
    });
    expect(
      parseRevocationsFile({ entries: [{ iss: 'CN-ZJ', subject: 'abcd', before: '2021-01-01' }] }),
    ).toEqual({
      ok: false,
      error: 'entries[0].subject: expected 16 bytes of hex',
    });
    expect(
      parseRevocationsFile({ entries: [{ iss: 'CN-ZJ', subject: toHex(subj(1)), before: 'yesterday' }] }),
    ).toEqual({
      ok: false,
      error: 'entries[0].before: expected an ISO 8601 time',
    });
    expect(parseRevocationsFile([])).toEqual({ ok: false, error: 'expected {"entries": [...]}' });
  });

  it('carries an entry’s optional colour both ways; entries without one stay valid; a wrong one is named', () => {
    const file = revocationsFileJson([
      { iss: 'CN-ZJ', subject: subj(5), before: 1637000000, colour: 'yellow' },
      { iss: 'CN-ZJ', subject: subj(6), before: 1637000000 },
    ]);
    expect(file.entries.map((e) => e.colour)).toEqual(['yellow', undefined]);
    expect(file.entries[1]).not.toHaveProperty('colour');
    const parsed = parseRevocationsFile(file);
    expect(parsed.ok && parsed.value.map((e) => e.colour)).toEqual(['yellow', undefined]);
    const wrong = { entries: [{ ...file.entries[0], colour: 'blue' }] };
    expect(parseRevocationsFile(wrong)).toEqual({
      ok: false,
      error: 'entries[0].colour: expected green, yellow or red, or no colour',
    });
  });
});
