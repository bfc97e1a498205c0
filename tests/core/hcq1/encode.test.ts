// Encoding (spec §1–2): deterministic CBOR byte for byte as the independent implementation, and round trips.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeClaims, encodeHcq1 } from '../../../src/core/hcq1/encode.ts';
import { verifyHcq1 } from '../../../src/core/hcq1/verify.ts';
import { parseHcq1Text, toBeSigned } from '../../../src/core/hcq1/cose.ts';
import { cborEncode } from '../../../src/core/hcq1/cbor-encode.ts';
import { parseClaims } from '../../../src/core/hcq1/claims.ts';
import { COLOURS, type HealthClaims } from '../../../src/core/hcq1/types.ts';
import { TrustSet } from '../../../src/core/trust.ts';
import { newIssuerKey } from '../../../src/core/issuer.ts';
import { fromHex, toHex } from '../../../src/core/bytes.ts';
import { naclEd25519 } from '../../../src/core/ed25519.ts';
import { vectors } from '../vectors.ts';

const NOW = 1_700_000_000;
const issuer = newIssuerKey('CN-YN', NOW - 86400, 10, new Uint8Array(32).fill(7));
const trust = TrustSet.from([issuer.key]);
const signingKey = { kid: fromHex(issuer.key.kid)!, secretKey: issuer.secretKey };

const claimsArb: fc.Arbitrary<HealthClaims> = fc
  .record({
    iat: fc.integer({ min: NOW - 3600, max: NOW }),
    ttl: fc.integer({ min: 301, max: 86400 }),
    subject: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    colour: fc.constantFrom(...COLOURS),
    colourSince: fc.integer({ min: 0, max: NOW }),
    name: fc.string({ maxLength: 32, unit: 'grapheme' }).filter((s) => [...s].length <= 32),
    idLast4: fc.string({ maxLength: 8 }),
    test: fc.option(fc.record({ result: fc.constantFrom('negative', 'positive'), sampledAt: fc.nat() }), {
      nil: undefined,
    }),
    doses: fc.option(fc.nat({ max: 10 }), { nil: undefined }),
    proxy: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(({ ttl, test, doses, proxy, ...c }) => ({
    ...c,
    iss: 'CN-YN',
    exp: c.iat + ttl,
    ...(test ? { test: test as HealthClaims['test'] } : {}),
    ...(doses !== undefined ? { doses } : {}),
    ...(proxy !== undefined ? { proxy } : {}),
  }));

describe('encodeHcq1', () => {
  it('writes the same payload bytes as the independent implementation (core deterministic CBOR)', () => {
    for (const name of ['ok-green-zj', 'ok-yellow-yn', 'ok-red-cq', 'ok-optional-fields', 'ok-long-name']) {
      const cose = parseHcq1Text(vectors.cases.find((c) => c.name === name)!.text);
      if (!cose.ok) throw new Error(name);
      const claims = parseClaims(cose.cose.payload);
      if (!claims.ok) throw new Error(name);
      expect(toHex(encodeClaims(claims.claims)), name).toBe(toHex(cose.cose.payload));
    }
  });

  it('a typical code stays under 300 characters', () => {
    const text = encodeHcq1(
      {
        iss: 'CN-YN',
        iat: NOW,
        exp: NOW + 300,
        subject: new Uint8Array(16),
        colour: 'green',
        colourSince: NOW,
        name: '张*三',
        idLast4: '123X',
        test: { result: 'negative', sampledAt: NOW },
        doses: 3,
      },
      signingKey,
    );
    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toMatch(/^HCQ1:[0-9A-Z $%*+\-./:]+$/);
  });

  it('encode → verify round-trips any claims (property)', async () => {
    await fc.assert(
      fc.asyncProperty(claimsArb, async (claims) => {
        const v = await verifyHcq1(encodeHcq1(claims, signingKey), {
          trust,
          now: claims.iat,
          ed25519: naclEd25519,
        });
        expect(v.result).toBe('ok');
        if (v.result === 'ok') expect(v.claims).toEqual(claims);
      }),
      { numRuns: 200 },
    );
  });

  it('any single flipped bit of a valid code is refused (property)', async () => {
    const claims = fc.sample(claimsArb, { numRuns: 1, seed: 42 })[0]!;
    const text = encodeHcq1(claims, signingKey);
    const bytes = new TextEncoder().encode(text);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length * 8 - 1 }), async (bit) => {
        const flipped = bytes.slice();
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const v = await verifyHcq1(new TextDecoder().decode(flipped), {
          trust,
          now: claims.iat,
          ed25519: naclEd25519,
        });
        expect(v.result).not.toBe('ok');
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary strings and bytes never throw; non-codes are malformed', async () => {
    const ctx = { trust, now: NOW, ed25519: naclEd25519 };
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 1200 }), async (s) => {
        const v = await verifyHcq1(s, ctx);
        expect(v.result).toBe('malformed');
      }),
      { numRuns: 500 },
    );
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'.split('');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...alphabet), { maxLength: 600 }), async (chars) => {
        const v = await verifyHcq1('HCQ1:' + chars.join(''), ctx);
        expect(['malformed', 'unsupported', 'unknown-key']).toContain(v.result);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the Sig_structure written without an encoder', () => {
  it("equals cbor-x's encoding of [\"Signature1\", protected, h'', payload] for any sizes (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 70_000 }), (p, q) => {
        expect(toHex(toBeSigned(p, q))).toBe(toHex(cborEncode(['Signature1', p, new Uint8Array(0), q])));
      }),
      { numRuns: 60 },
    );
  });
});
