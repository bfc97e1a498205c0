// Placing uploaded records against the held chain (docs/server.md "Exactly once"): fresh, duplicate, fork, gap.
import { describe, expect, it } from 'vitest';
import { neighbourSeqs, placeRecords, type ChainLink, type HeldChain } from '../../src/core/chain.js';
import { GENESIS } from '../../src/core/log.js';

// A device's true chain as links: record i has hash "h{i}" and follows "h{i-1}" (hashes are checked elsewhere).
const hash = (seq: number) => (seq === 0 ? GENESIS : `h${seq}`);
const link = (seq: number, over: Partial<ChainLink> = {}): ChainLink => ({
  id: `r${seq}`,
  deviceId: 'd1',
  seq,
  hash: hash(seq),
  prevHash: hash(seq - 1),
  ...over,
});
const links = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => link(from + i));
const held = (stored: ChainLink[], purgedThrough = 0, others: ChainLink[] = []): HeldChain => ({
  bySeq: new Map(stored.map((l) => [l.seq, l])),
  byId: new Map([...stored, ...others].map((l) => [l.id, l])),
  purgedThrough,
});
const summary = (records: ChainLink[], h: HeldChain) => {
  const p = placeRecords(records, h);
  return {
    fresh: p.fresh.map((r) => r.seq),
    duplicates: p.duplicates,
    forks: p.forks.map((f) => f.seq),
    gaps: p.gaps,
  };
};

describe('neighbourSeqs', () => {
  it('asks for each record and both neighbours, once each, never seq 0', () => {
    expect(neighbourSeqs([link(1), link(2), link(7)])).toEqual([1, 2, 3, 6, 7, 8]);
  });
});

describe('placeRecords', () => {
  it.each([
    {
      case: 'a first upload from genesis is fresh',
      upload: links(1, 3),
      held: held([]),
      want: { fresh: [1, 2, 3], duplicates: [], forks: [], gaps: [] },
    },
    {
      case: 'a continuation of the stored chain is fresh',
      upload: links(4, 5),
      held: held(links(3, 3)),
      want: { fresh: [4, 5], duplicates: [], forks: [], gaps: [] },
    },
    {
      case: 'a replay is all duplicates',
      upload: links(1, 3),
      held: held(links(1, 4)),
      want: { fresh: [], duplicates: ['r1', 'r2', 'r3'], forks: [], gaps: [] },
    },
    {
      case: 'an overlap is duplicates then fresh',
      upload: links(3, 5),
      held: held(links(2, 3)),
      want: { fresh: [4, 5], duplicates: ['r3'], forks: [], gaps: [] },
    },
    {
      case: 'a record after a missing one flags the gap and is kept',
      upload: links(5, 6),
      held: held([]),
      want: { fresh: [5, 6], duplicates: [], forks: [], gaps: [4] },
    },
    {
      case: 'another record at a held seq is a fork',
      upload: [link(2, { id: 'x2', hash: 'other' })],
      held: held(links(1, 2)),
      want: { fresh: [], duplicates: [], forks: [2], gaps: [] },
    },
    {
      case: 'a record not following its held predecessor is a fork',
      upload: [link(3, { prevHash: 'elsewhere' })],
      held: held(links(2, 2)),
      want: { fresh: [3], duplicates: [], forks: [3], gaps: [] },
    },
    {
      case: 'a record its held successor does not follow is a fork',
      upload: [link(3, { hash: 'changed' })],
      held: held(links(4, 4)),
      want: { fresh: [3], duplicates: [], forks: [3], gaps: [2] },
    },
    {
      case: 'seq 1 not from genesis is a fork',
      upload: [link(1, { prevHash: 'h0-not-genesis' })],
      held: held([]),
      want: { fresh: [1], duplicates: [], forks: [1], gaps: [] },
    },
    {
      case: 'an id held by another device is a fork',
      upload: links(1, 1),
      held: held(
        [],
        0,
        [link(9, { deviceId: 'd2' })].map((l) => ({ ...l, id: 'r1' })),
      ),
      want: { fresh: [], duplicates: [], forks: [1], gaps: [] },
    },
    {
      case: 'records received and purged since are duplicates, not stored again',
      upload: links(1, 4),
      held: held([], 3),
      want: { fresh: [4], duplicates: ['r1', 'r2', 'r3'], forks: [], gaps: [] },
    },
    {
      case: 'the first record after the purged ones is no gap',
      upload: links(11, 11),
      held: held([], 10),
      want: { fresh: [11], duplicates: [], forks: [], gaps: [] },
    },
  ])('$case', ({ upload, held: h, want }) => {
    expect(summary(upload, h)).toEqual(want);
  });

  it('gives the fork a sentence naming what is held', () => {
    const p = placeRecords([link(2, { id: 'x2', hash: 'other' })], held(links(2, 2)));
    expect(p.forks).toEqual([{ seq: 2, detail: 'seq 2 is already held by record r2 (hash h2)' }]);
  });
});
