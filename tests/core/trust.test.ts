// Trusted issuer keys (spec §1.4, §4).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { TrustSet, keysFileJson, parseKeysFile } from '../../src/core/trust.ts';
import { newIssuerKey } from '../../src/core/issuer.ts';
import { VECTORS_DIR } from './vectors.ts';

describe('keys.json', () => {
  it('parses the public vectors, with kid = first 8 bytes of SHA-256(publicKey)', () => {
    const parsed = parseKeysFile(JSON.parse(readFileSync(VECTORS_DIR + 'keys.json', 'utf8')));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.map((k) => k.kid)).toEqual([
      '0f9d88d2bf3fa56e',
      '68baacb5083cde6d',
      '72170ef43d0e7bea',
      '3148e7d0b300a6e0',
      'e5b6c4b80f943087',
    ]);
    expect(parsed.value[3]!.revoked).toBe(true);
    expect(TrustSet.from(parsed.value).get('72170ef43d0e7bea')[0]!.iss).toBe('CN-CQ');
  });

  it('refuses a kid that does not belong to its key, naming the entry', () => {
    const { key } = newIssuerKey('CN-ZJ', 0);
    const file = keysFileJson([key]);
    file.issuers[0]!.kid = '0000000000000000';
    expect(parseKeysFile(file)).toMatchObject({
      ok: false,
      error: expect.stringContaining('issuers[0].kid'),
    });
  });
});
