// Decision records are chained per device: tampering, gaps and forks are detected.
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainRecord,
  checkChain,
  GENESIS,
  recordHash,
  sha256Hex,
} from '../../src/core/log.ts';
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

describe('canonicalJson', () => {
  // The flat, sorted case is one native JSON.stringify; every other case walks: both must give the same bytes.
  it.each([
    ['flat, keys sorted', { a: 1, b: 'x', c: null, d: true }, '{"a":1,"b":"x","c":null,"d":true}'],
    ['flat, keys unsorted', { d: true, a: 1, c: null, b: 'x' }, '{"a":1,"b":"x","c":null,"d":true}'],
    ['arrays of scalars', { a: ['y', 'x'], b: [1, null] }, '{"a":["y","x"],"b":[1,null]}'],
    ['an undefined value (dropped)', { a: 1, b: undefined, c: 2 }, '{"a":1,"c":2}'],
    ['a nested object, sorted inside', { a: { z: 1, y: 2 }, b: 0 }, '{"a":{"y":2,"z":1},"b":0}'],
    ['an array holding an object', { a: [{ z: 1, y: 2 }] }, '{"a":[{"y":2,"z":1}]}'],
    ['a Date value (its own keys: none)', { a: new Date(0) }, '{"a":{}}'],
    ['a Date itself', new Date(0), '{}'],
    ['a function value (null)', { a: () => 1 }, '{"a":null}'],
    ['keys sorted by UTF-16 code unit', { b: 1, B: 2, é: 3 }, '{"B":2,"b":1,"é":3}'],
  ])('%s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('recordHash', () => {
  it('is the SHA-256 of the canonical JSON, by core or by an injected digest alike', () => {
    const [record] = chain(1);
    const digests: string[] = [];
    const spy = (text: string): string => {
      digests.push(text);
      return sha256Hex(text);
    };
    expect(recordHash(record!, spy)).toBe(record!.hash);
    expect(recordHash(record!)).toBe(record!.hash);
    const { hash: _omit, ...rest } = record!;
    expect(digests).toEqual([canonicalJson(rest)]);
    // A record parsed from a batch body (keys sorted) hashes the same as the one the device made.
    const parsed = JSON.parse(canonicalJson(record)) as typeof record;
    expect(recordHash(parsed!, spy)).toBe(record!.hash);
  });
});
