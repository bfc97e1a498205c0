// Decision records are chained per device: tampering, gaps and forks are detected.
import { describe, expect, it } from 'vitest';
import { chainRecord, checkChain, GENESIS } from '../../src/core/log.ts';
import { chain as chainOf } from '../support/chains.ts';
import { sampleEntry } from '../support/entries.ts';

const chain = (n: number) => chainOf('d1', 'v1', n);

describe('the decision chain', () => {
  it('starts at GENESIS with seq 1 and links each record to the previous hash', () => {
    const records = chain(3);
    expect(records[0]).toMatchObject({ seq: 1, prevHash: GENESIS });
    expect(records[2]!.prevHash).toBe(records[1]!.hash);
    expect(checkChain(records, null)).toBeNull();
    expect(checkChain(records.slice(1), records[0]!)).toBeNull();
  });

  it('detects a changed record, a gap and a fork', () => {
    const records = chain(4);
    expect(checkChain([{ ...records[0]!, decision: 'deny' }], null)).toEqual({ kind: 'tampered', seq: 1 });
    expect(checkChain([records[0]!, records[2]!], null)).toEqual({ kind: 'gap', expectedSeq: 2, gotSeq: 3 });
    const other = chainRecord(sampleEntry(99, 'v1'), { id: 'x', deviceId: 'd1', prev: records[0]! });
    expect(checkChain([other], records[1]!)).toEqual({ kind: 'gap', expectedSeq: 3, gotSeq: 2 });
    const forked = chainRecord(sampleEntry(98, 'v1'), {
      id: 'y',
      deviceId: 'd1',
      prev: { seq: 1, hash: 'f'.repeat(64) },
    });
    expect(checkChain([forked], records[0]!)).toEqual({ kind: 'fork', seq: 2 });
  });
});
