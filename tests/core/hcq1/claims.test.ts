// Spec §2: "A missing required key, or a value of the wrong type, is `malformed`", including a float where the
// spec says uint (cbor-x decodes 1.0 and 1 alike, so the claims are checked against the bytes as encoded).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Encoder } from 'cbor-x/encode';
import { parseClaims } from '../../../src/core/hcq1/claims.ts';
import { cborDecode } from '../../../src/core/hcq1/cbor.ts';
import { cborKinds, kindAt, scanCbor } from '../../../src/core/hcq1/cbor-kinds.ts';
import { encodeClaims } from '../../../src/core/hcq1/encode.ts';
import type { HealthClaims } from '../../../src/core/hcq1/types.ts';

const CLAIMS: HealthClaims = {
  iss: 'CN-ZJ',
  iat: 1_700_000_000,
  exp: 1_700_003_600,
  subject: new Uint8Array(16).fill(9),
  colour: 'yellow',
  colourSince: 1_699_000_000,
  name: '张*三',
  idLast4: '123X',
  test: { result: 'negative', sampledAt: 1_699_900_000 },
  doses: 3,
};

// float16 1.0 (RFC 8949 Appendix A: 0xf93c00), the same number as the uint 1 once decoded.
const FLOAT_ONE = [0xf9, 0x3c, 0x00];

/** The payload with the first occurrence of `find` replaced by `put`. */
function splice(payload: Uint8Array, find: number[], put: number[]): Uint8Array {
  for (let i = 0; i + find.length <= payload.length; i++) {
    if (find.every((b, j) => payload[i + j] === b))
      return new Uint8Array([...payload.subarray(0, i), ...put, ...payload.subarray(i + find.length)]);
  }
  throw new Error('not found');
}

const text = (s: string) => [0x60 + s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const encoder = new Encoder({ mapsAsObjects: false, useRecords: false, tagUint8Array: false });

describe('claims typed uint', () => {
  it('accept the issuer’s deterministic encoding', () => {
    expect(parseClaims(encodeClaims(CLAIMS))).toMatchObject({ ok: true, claims: { colour: 'yellow' } });
  });

  it('refuse hc.c written as the float 1.0 although it decodes to the same number as yellow', () => {
    const payload = splice(encodeClaims(CLAIMS), [...text('c'), 0x01], [...text('c'), ...FLOAT_ONE]);
    expect(cborDecode(payload)).toMatchObject({ ok: true, value: expect.any(Map) });
    expect(parseClaims(payload)).toEqual({
      ok: false,
      error: { result: 'malformed', detail: 'hc.c is encoded as a float, not an unsigned integer' },
    });
  });

  it('refuse hc.v, hc.vx and each element of hc.na written as a float', () => {
    const cases: [number[], number[], string][] = [
      [[...text('v'), 0x01], [...text('v'), ...FLOAT_ONE], 'hc.v'],
      [[...text('vx'), 0x03], [...text('vx'), 0xf9, 0x42, 0x00], 'hc.vx'],
      [[...text('na'), 0x82, 0x00], [...text('na'), 0x82, 0xf9, 0x00, 0x00], 'hc.na[0]'],
    ];
    for (const [find, put, name] of cases) {
      const r = parseClaims(splice(encodeClaims(CLAIMS), find, put));
      expect(r).toMatchObject({
        ok: false,
        error: { result: 'malformed', detail: expect.stringContaining(name) },
      });
    }
  });

  it('refuse iat and exp written as 64-bit floats', () => {
    const iat = new Map<unknown, unknown>([
      [1, 'CN-ZJ'],
      [6, 1.5],
      [4, 1_700_003_600],
      [-65537, new Map<string, unknown>([['v', 1]])],
    ]);
    expect(parseClaims(encoder.encode(iat))).toMatchObject({
      ok: false,
      error: { detail: 'iat (6) is encoded as a float, not an unsigned integer' },
    });
  });

  it('ignore a float under a key the spec does not know (unknown keys stay readable)', () => {
    const hc = new Map<string, unknown>([
      ['v', 1],
      ['s', new Uint8Array(16)],
      ['c', 0],
      ['cs', 1_699_000_000],
      ['n', '张*三'],
      ['id', '123X'],
      ['zz', 36.6],
    ]);
    const cwt = new Map<unknown, unknown>([
      [1, 'CN-ZJ'],
      [6, 1_700_000_000],
      [4, 1_700_003_600],
      [99, 0.5],
      [-65537, hc],
    ]);
    expect(parseClaims(encoder.encode(cwt))).toMatchObject({ ok: true, claims: { colour: 'green' } });
  });

  it.each([
    { name: 'without a float', leaf: [0x00] },
    { name: 'with a float at the bottom', leaf: FLOAT_ONE },
  ])('ignore an unknown key nested 100 deep, $name (well-formed, so not malformed)', ({ leaf }) => {
    const payload = encodeClaims(CLAIMS);
    // One more entry in the top-level map (head 0xa4: four claims): 99 => [[[...leaf...]]].
    expect(payload[0]).toBe(0xa4);
    const deep = new Uint8Array([
      0xa5,
      ...payload.subarray(1),
      0x18,
      99,
      ...new Array(100).fill(0x81),
      ...leaf,
    ]);
    expect(parseClaims(deep)).toMatchObject({ ok: true, claims: { colour: 'yellow' } });
  });
});

describe('cborKinds', () => {
  it('tells each major type apart, floats from simple values, and follows paths into maps and arrays', () => {
    const doc = new Map<unknown, unknown>([
      [1, 'text'],
      [-2, new Uint8Array([1, 2])],
      ['a', [0, -1, 1.5, true, null]],
    ]);
    const kinds = cborKinds(encoder.encode(doc));
    expect(kinds && kindAt(kinds, [1])).toBe('text');
    expect(kinds && kindAt(kinds, [-2])).toBe('bytes');
    expect(kinds && [0, 1, 2, 3, 4].map((i) => kindAt(kinds, ['a', i]))).toEqual([
      'uint',
      'negint',
      'float',
      'simple',
      'simple',
    ]);
    expect(kinds && kindAt(kinds, ['missing'])).toBeUndefined();
    expect(kinds && kindAt(kinds, [1, 0])).toBeUndefined();
  });

  it('reads indefinite-length arrays and maps, and keeps the last of a repeated key as cbor-x does', () => {
    // {_ "v": [_ 1, 2], "v": 1.0 (float16)}
    const bytes = new Uint8Array([
      0xbf,
      ...text('v'),
      0x9f,
      0x01,
      0x02,
      0xff,
      ...text('v'),
      ...FLOAT_ONE,
      0xff,
    ]);
    const decoded = cborDecode(bytes);
    expect(decoded.ok && (decoded.value as Map<string, unknown>).get('v')).toBe(1);
    const kinds = cborKinds(bytes);
    expect(kinds && kindAt(kinds, ['v'])).toBe('float');
  });

  it('refuses indefinite-length strings, as cbor-x does', () => {
    const bytes = new Uint8Array([0xa1, 0x7f, ...text('a'), ...text('b'), 0xff, 0x00]);
    expect(cborDecode(bytes)).toMatchObject({ ok: false });
    expect(cborKinds(bytes)).toBeNull();
  });

  it('is null for truncated input, trailing bytes and reserved heads', () => {
    expect(cborKinds(new Uint8Array([0x82, 0x01]))).toBeNull();
    expect(cborKinds(new Uint8Array([0x01, 0x02]))).toBeNull();
    expect(cborKinds(new Uint8Array([0x1c]))).toBeNull();
    expect(cborKinds(new Uint8Array([0x1f]))).toBeNull();
    expect(cborKinds(new Uint8Array([]))).toBeNull();
  });

  it('reads whatever cbor-x writes (property): it never calls well-formed CBOR malformed', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bytes = encoder.encode(value);
        expect(cborDecode(bytes)).toMatchObject({ ok: true });
        expect(cborKinds(bytes)).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  // The float the one walk before decoding reports, which spares the claims the kinds in the common case.
  const float = (bytes: Uint8Array): boolean | 'not well-formed' => {
    const scan = scanCbor(bytes);
    return scan === 'not well-formed' ? scan : scan.float;
  };

  it('the walk before decoding sees a float exactly where the kinds do, on whatever cbor-x writes (property)', () => {
    const anyFloat = (t: ReturnType<typeof cborKinds>): boolean =>
      t === null
        ? true
        : t.kind === 'float' ||
          (t.kind === 'array' && t.items.some(anyFloat)) ||
          (t.kind === 'map' && [...t.entries.values()].some(anyFloat));
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bytes = encoder.encode(value);
        expect(float(bytes)).toBe(anyFloat(cborKinds(bytes)));
        expect(cborDecode(bytes)).toMatchObject({ ok: true, float: anyFloat(cborKinds(bytes)) });
      }),
      { numRuns: 500 },
    );
    expect(float(encodeClaims(CLAIMS))).toBe(false);
    expect(float(new Uint8Array([0x82, 0x01]))).toBe('not well-formed');
  });

  it('never throws on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        cborKinds(bytes);
        scanCbor(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});
