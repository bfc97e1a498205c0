// Spec §3 and §5: every public vector gives the expected result, with either Ed25519 implementation.
import { describe, expect, it } from 'vitest';
import { verifyHcq1 } from '../../../src/core/hcq1/verify.ts';
import { naclEd25519, webCryptoEd25519 } from '../../../src/core/ed25519.ts';
import { secondsFromIso } from '../../../src/core/bytes.ts';
import { RevocationSet } from '../../../src/core/revocations.ts';
import { vectorRevocations, vectorTrust, vectors } from '../vectors.ts';

const webcrypto = await webCryptoEd25519();

describe('the 42 public HCQ1 vectors', () => {
  it('are all there', () => expect(vectors.cases).toHaveLength(42));

  for (const [name, ed25519] of [
    ['tweetnacl', naclEd25519],
    ['WebCrypto', webcrypto],
  ] as const) {
    describe(`with ${name}`, () => {
      it('Node 20 has WebCrypto Ed25519, so both paths are exercised', () => {
        expect(ed25519?.name).toBe(name === 'tweetnacl' ? 'tweetnacl' : 'webcrypto');
      });
      for (const c of vectors.cases) {
        it(`${c.name} → ${c.expect}`, async () => {
          const v = await verifyHcq1(c.text, {
            trust: vectorTrust,
            revocations: vectorRevocations,
            now: secondsFromIso(c.at)!,
            skew: vectors.skewSeconds,
            ed25519: ed25519!,
          });
          expect(v.result).toBe(c.expect);
          // Nothing from the claims is used before the signature verified (spec §3, last line).
          const signed = !['malformed', 'unsupported', 'unknown-key', 'bad-signature'].includes(c.expect);
          if (!signed) expect('claims' in v).toBe(false);
        });
      }
    });
  }
});

describe('verification details', () => {
  const at = secondsFromIso(vectors.cases[0]!.at)!;
  const ctx = { trust: vectorTrust, revocations: vectorRevocations, now: at, skew: vectors.skewSeconds };

  it('a QR that is not a health code says so, rather than "expired"', async () => {
    for (const text of ['https://example.com/menu', '6901234567892', '', 'hcq1:ABC']) {
      const v = await verifyHcq1(text, ctx);
      expect(v).toMatchObject({ result: 'malformed', notHealthCode: true });
    }
  });

  it('returns the claims of a valid code', async () => {
    const v = await verifyHcq1(vectors.cases.find((c) => c.name === 'ok-optional-fields')!.text, ctx);
    expect(v.result).toBe('ok');
    if (v.result !== 'ok') return;
    expect(v.claims).toMatchObject({
      iss: 'CN-ZJ',
      colour: 'green',
      name: '张*三',
      idLast4: '1234',
      doses: 3,
      proxy: true,
    });
    expect(v.claims.test).toEqual({ result: 'negative', sampledAt: 1636898400 });
  });

  it('a revoked code says the colour its revocation gave, and since when, when the issuer gave one (003 §14)', async () => {
    const c = vectors.cases.find((x) => x.name === 'revoked-status-changed')!;
    const plain = await verifyHcq1(c.text, ctx);
    expect(plain.result).toBe('revoked');
    expect(plain).not.toHaveProperty('status');
    const coloured = RevocationSet.from(
      [...vectorRevocations.entries()].map((e) => ({ ...e, colour: 'yellow' as const })),
    );
    const v = await verifyHcq1(c.text, { ...ctx, revocations: coloured });
    expect(v).toMatchObject({ result: 'revoked', status: { colour: 'yellow' } });
    if (v.result !== 'revoked') return;
    expect(v.status?.since).toBe(vectorRevocations.revokedBefore(v.claims.iss, v.claims.subject));
  });

  it('with no revocation list, a revoked subject verifies (the list is what revokes)', async () => {
    const c = vectors.cases.find((x) => x.name === 'revoked-status-changed')!;
    const v = await verifyHcq1(c.text, { trust: vectorTrust, now: at, skew: vectors.skewSeconds });
    expect(v.result).toBe('ok');
  });
});
