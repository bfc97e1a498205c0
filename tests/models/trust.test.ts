// The trust model: files from Settings (spec §4 keys.json and revocations.json, the authority key), and their age.
import { describe, expect, it } from 'vitest';
import { keysFileJson } from '../../src/core/trust.js';
import { newIssuerKey } from '../../src/core/issuer.js';
import { revocationsFileJson } from '../../src/core/revocations.js';
import { createTrustModel, trustAgeSeconds } from '../../src/models/trust.js';
import type { TrustSnapshot } from '../../src/store/db.js';

function model(now = 1_700_000_000_000) {
  const saved: TrustSnapshot[] = [];
  const trust = createTrustModel(
    null,
    async (s) => void saved.push(s),
    () => now,
  );
  return { trust, saved };
}

describe('trust model', () => {
  it('loads keys.json into the trust set, stamped with the load time, and saves it', async () => {
    const { trust, saved } = model();
    const { key } = newIssuerKey('CN-YN', 1_600_000_000);
    expect(await trust.loadKeysFile(keysFileJson([key]))).toEqual({ ok: true, value: 1 });
    expect(trust.trustSet.value.get(key.kid)).toHaveLength(1);
    expect(saved.at(-1)).toMatchObject({ updatedAt: 1_700_000_000_000, source: 'file', version: null });
  });

  it('keeps the keys when revocations are loaded, and the revocation set answers for them', async () => {
    const { trust } = model();
    const { key } = newIssuerKey('CN-YN', 1_600_000_000);
    await trust.loadKeysFile(keysFileJson([key]));
    const subject = new Uint8Array(16).fill(2);
    expect(
      await trust.loadRevocationsFile(
        revocationsFileJson([{ iss: 'CN-YN', subject, before: 1_650_000_000 }]),
      ),
    ).toEqual({
      ok: true,
      value: 1,
    });
    expect(trust.snapshot.value?.keys).toHaveLength(1);
    expect(trust.revocations.value.revokedBefore('CN-YN', subject)).toBe(1_650_000_000);
  });

  it('refuses malformed files with the reason, and changes nothing', async () => {
    const { trust, saved } = model();
    expect((await trust.loadKeysFile({ keys: [] })).ok).toBe(false);
    expect(await trust.loadAuthorityFile({ publicKey: 'AAAA' })).toEqual({
      ok: false,
      error: 'expected {"publicKey": "<32 bytes, base64>"}',
    });
    expect(saved).toEqual([]);
    expect(trust.snapshot.value).toBeNull();
  });

  it('loads the authority key', async () => {
    const { trust } = model();
    const key = new Uint8Array(32).fill(7);
    const r = await trust.loadAuthorityFile({ publicKey: Buffer.from(key).toString('base64') });
    expect(r.ok).toBe(true);
    expect(trust.snapshot.value?.authorityKey).toEqual(key);
  });

  it('has infinite age without keys, and otherwise the seconds since the update', () => {
    expect(trustAgeSeconds(null, 0)).toBe(Infinity);
    const snap: TrustSnapshot = {
      keys: [newIssuerKey('CN-ZJ', 0).key],
      revocations: [],
      authorityKey: null,
      updatedAt: 1000,
      source: 'bundle',
      version: 3,
      maxOfflineSeconds: 3600,
    };
    expect(trustAgeSeconds(snap, 61_000)).toBe(60);
    expect(trustAgeSeconds({ ...snap, keys: [] }, 61_000)).toBe(Infinity);
  });
});
