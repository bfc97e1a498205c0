// Decision records are chained per device: tampering, gaps and forks are detected.
import { describe, expect, it } from 'vitest';
import { chainRecord, checkChain, GENESIS, type DecisionEntry } from '../../src/core/log.ts';

const entry = (i: number): DecisionEntry => ({
  at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
  venueId: 'v1',
  policy: 'yunnan-2020',
  policyVersion: 1,
  source: 'scan',
  result: 'ok',
  colour: 'green',
  decision: 'admit',
  actions: [],
  rules: [],
  iss: 'CN-YN',
  subject: '00'.repeat(16),
  maskedName: '张*三',
  idLast4: '1234',
  temperature: null,
  override: null,
  sealed: null,
});

function chain(n: number) {
  const out = [];
  let prev = null;
  for (let i = 0; i < n; i++) {
    const r = chainRecord(entry(i), { id: `id-${i}`, deviceId: 'd1', prev });
    out.push(r);
    prev = r;
  }
  return out;
}

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
    const other = chainRecord(entry(99), { id: 'x', deviceId: 'd1', prev: records[0]! });
    expect(checkChain([other], records[1]!)).toEqual({ kind: 'gap', expectedSeq: 3, gotSeq: 2 });
    const forked = chainRecord(entry(98), {
      id: 'y',
      deviceId: 'd1',
      prev: { seq: 1, hash: 'f'.repeat(64) },
    });
    expect(checkChain([forked], records[0]!)).toEqual({ kind: 'fork', seq: 2 });
  });
});
