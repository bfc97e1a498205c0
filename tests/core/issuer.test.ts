// An issuer's secret key file (spec §4: keys.json plus secretKey), as `checkpoint keys issuer` writes it.
import { describe, expect, it } from 'vitest';
import { issuerSecretFileJson, newIssuerKey, parseIssuerSecretFile } from '../../src/core/issuer.ts';

describe('issuer secret files', () => {
  it('round-trip and refuses a mismatched secret', () => {
    const secret = newIssuerKey('CN-CQ', 1_600_000_000);
    const file = issuerSecretFileJson(secret);
    const back = parseIssuerSecretFile(JSON.parse(JSON.stringify(file)));
    expect(back.ok && back.value.key.kid).toBe(secret.key.kid);
    file.issuers[0]!.secretKey = issuerSecretFileJson(newIssuerKey('CN-CQ', 0)).issuers[0]!.secretKey;
    expect(parseIssuerSecretFile(file)).toMatchObject({
      ok: false,
      error: expect.stringContaining('does not belong'),
    });
  });

  it('refuses a file with more than one issuer, or a secret key of the wrong length', () => {
    const a = issuerSecretFileJson(newIssuerKey('CN-CQ', 0));
    const b = issuerSecretFileJson(newIssuerKey('CN-ZJ', 0));
    expect(parseIssuerSecretFile({ issuers: [...a.issuers, ...b.issuers] })).toMatchObject({
      ok: false,
      error: 'expected exactly one issuer in the key file',
    });
    a.issuers[0]!.secretKey = 'AAAA';
    expect(parseIssuerSecretFile(a)).toMatchObject({
      ok: false,
      error: 'issuers[0].secretKey: expected 64 bytes of Base64',
    });
  });

  it('makes the same key from the same seed (tests and the demo rely on it)', () => {
    const seed = new Uint8Array(32).fill(7);
    expect(newIssuerKey('CN-CQ', 0, 10, seed).key.kid).toBe(newIssuerKey('CN-CQ', 0, 10, seed).key.kid);
    expect(newIssuerKey('CN-CQ', 0).key.kid).not.toBe(newIssuerKey('CN-CQ', 0).key.kid);
  });
});
