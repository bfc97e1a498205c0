// Trust data: nothing before a load, then exactly what was saved, replaced as a whole.
import { describe, expect, it } from 'vitest';
import { loadTrust, saveTrust } from '../../src/store/trust.js';
import { newIssuerKey } from '../../src/core/issuer.js';
import { freshDb } from '../support/db.js';

describe('trust store', () => {
  it('is empty before anything is loaded, then returns the saved keys and revocations', async () => {
    const db = freshDb();
    expect(await loadTrust(db)).toBeNull();
    const { key } = newIssuerKey('CN-ZJ', 1_700_000_000);
    const snapshot = {
      keys: [key],
      revocations: [{ iss: 'CN-ZJ', subject: new Uint8Array(16).fill(7), before: 1_700_000_100 }],
      authorityKey: new Uint8Array(32).fill(1),
      updatedAt: 1_700_000_000_000,
      source: 'file' as const,
      version: null,
      maxOfflineSeconds: null,
    };
    await saveTrust(snapshot, db);
    const back = await loadTrust(db);
    expect(back?.keys[0]?.kid).toBe(key.kid);
    expect(back?.keys[0]?.publicKey).toEqual(key.publicKey);
    expect(back?.revocations[0]?.subject).toEqual(new Uint8Array(16).fill(7));
    await saveTrust({ ...snapshot, keys: [], updatedAt: 1 }, db);
    expect((await loadTrust(db))?.keys).toEqual([]);
  });
});
