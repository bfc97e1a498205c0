// `decodeHcq1` shows an unverified code for debugging (`checkpoint decode`); whatever the code holds, its answer
// is JSON, because the CLI contract is one JSON object on stdout. cbor-x gives integers beyond 2^53 as BigInt.
import { describe, expect, it } from 'vitest';
import { decodeHcq1 } from '../../../src/core/hcq1/decode.ts';
import { attackText } from '../../security/hcq1-attacks.ts';

const FF8 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

describe('decodeHcq1 answers with JSON whatever the protected header says alg is', () => {
  it.each([
    { name: 'the EdDSA label -8', alg: [0x27], shown: -8 },
    { name: 'the largest 64-bit unsigned integer', alg: [0x1b, ...FF8], shown: '18446744073709551615' },
    { name: 'the most negative 64-bit integer', alg: [0x3b, ...FF8], shown: '-18446744073709551616' },
    {
      name: 'a map holding a 64-bit integer',
      alg: [0xa1, 0x01, 0x1b, ...FF8],
      shown: { 1: '18446744073709551615' },
    },
    { name: 'a byte string', alg: [0x42, 0xab, 0xcd], shown: { hex: 'abcd' } },
    { name: 'a half-float NaN', alg: [0xf9, 0x7e, 0x00], shown: null },
  ])('$name', ({ alg, shown }) => {
    const decoded = decodeHcq1(attackText('alg', alg));
    expect(decoded).toMatchObject({ ok: true, verified: false });
    const json = JSON.parse(JSON.stringify(decoded)) as { alg: unknown };
    expect(json.alg).toEqual(shown);
  });
});
