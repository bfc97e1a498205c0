// RFC 9285 Base45, strict.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base45Decode, base45Encode } from '../../../src/core/hcq1/base45.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('Base45 (RFC 9285)', () => {
  it('matches the RFC examples (§4.3)', () => {
    expect(base45Encode(text('AB'))).toBe('BB8');
    expect(base45Encode(text('Hello!!'))).toBe('%69 VD92EX0');
    expect(base45Encode(text('base-45'))).toBe('UJCLQE7W581');
    expect(base45Decode('QED8WEX0')).toEqual({ ok: true, bytes: text('ietf!') });
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(base45Decode(base45Encode(b))).toEqual({ ok: true, bytes: b });
      }),
    );
  });

  it('refuses lower case, foreign characters, overflow and a dangling character', () => {
    expect(base45Decode('bb8')).toMatchObject({ ok: false, error: { why: 'character', at: 0 } });
    expect(base45Decode('BB#')).toMatchObject({ ok: false, error: { why: 'character', at: 2 } });
    expect(base45Decode('GGW')).toMatchObject({ ok: false, error: { why: 'overflow' } }); // 65536
    expect(base45Decode(':::')).toMatchObject({ ok: false, error: { why: 'overflow' } });
    expect(base45Decode('BB8B')).toMatchObject({ ok: false, error: { why: 'dangling' } });
  });
});
