// The trust model: files loaded by hand (spec §4 keys.json and revocations.json, the authority key) only with the
// supervisor PIN and never on an enrolled device (issue 11 item 1); signed bundle files; and the data's age.
import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { columnsOf, revocationListBytes } from '../../src/core/revocation-list.js';
import { createCheckpoint } from '../../src/models/checkpoint.js';
import { DEFAULT_SETTINGS } from '../../src/store/settings.js';
import { signedCode } from '../support/codes.js';
import { storedRecord } from '../support/entries.js';
import { keysFileJson } from '../../src/core/trust.js';
import { newIssuerKey } from '../../src/core/issuer.js';
import { revocationsFileJson } from '../../src/core/revocations.js';
import type { DecisionEntry } from '../../src/core/log.js';
import { err, ok } from '../../src/core/result.js';
import {
  createTrustModel,
  revocationSetOf,
  trustAgeSeconds,
  type TrustGuard,
} from '../../src/models/trust.js';
import type { TrustSnapshot } from '../../src/store/db.js';

const PIN = '2468';
const NOW = 1_700_000_000_000;

const bundled: TrustSnapshot = {
  keys: [newIssuerKey('CN-ZJ', 0).key],
  revocations: [{ iss: 'CN-ZJ', subject: new Uint8Array(16).fill(3), before: 1_650_000_000 }],
  authorityKey: null,
  updatedAt: NOW - 3600_000,
  source: 'bundle',
  version: 7,
  maxOfflineSeconds: 86400,
};

function model(
  initial: TrustSnapshot | null = null,
  bundleFile: TrustGuard['bundleFile'] = async () => ok(bundled),
) {
  const saved: TrustSnapshot[] = [];
  const guard: TrustGuard = {
    checkSupervisor: (pin) => (pin === PIN ? ok(undefined) : err('bad-pin')),
    bundleFile,
  };
  const trust = createTrustModel(
    initial,
    async (s) => void saved.push(s),
    () => NOW,
    guard,
  );
  return { trust, saved };
}

const keysFile = () => keysFileJson([newIssuerKey('CN-YN', 1_600_000_000).key]);

describe('trust model, before enrolment', () => {
  it('loads keys.json with the supervisor PIN into the trust set, stamped with the load time, and saves it', async () => {
    const { trust, saved } = model();
    const { key } = newIssuerKey('CN-YN', 1_600_000_000);
    expect(await trust.loadKeysFile(keysFileJson([key]), PIN)).toEqual({ ok: true, value: 1 });
    expect(trust.trustSet.value.get(key.kid)).toHaveLength(1);
    expect(saved.at(-1)).toMatchObject({ updatedAt: NOW, source: 'file', version: null });
    expect(trust.enrolled.value).toBe(false);
  });

  it('keeps the keys when revocations are loaded, and the revocation set answers for them', async () => {
    const { trust } = model();
    await trust.loadKeysFile(keysFile(), PIN);
    const subject = new Uint8Array(16).fill(2);
    const file = revocationsFileJson([{ iss: 'CN-YN', subject, before: 1_650_000_000 }]);
    expect(await trust.loadRevocationsFile(file, PIN)).toEqual({ ok: true, value: 1 });
    expect(trust.snapshot.value?.keys).toHaveLength(1);
    expect(trust.revocations.value?.revokedBefore('CN-YN', subject)).toBe(1_650_000_000);
  });

  it.each([
    ['keys', (t: ReturnType<typeof model>['trust'], pin: string) => t.loadKeysFile(keysFile(), pin)],
    [
      'revocations',
      (t: ReturnType<typeof model>['trust'], pin: string) => t.loadRevocationsFile({ entries: [] }, pin),
    ],
    [
      'the authority key',
      (t: ReturnType<typeof model>['trust'], pin: string) =>
        t.loadAuthorityFile({ publicKey: Buffer.alloc(32, 7).toString('base64') }, pin),
    ],
  ])('refuses %s without the supervisor PIN, and changes nothing', async (_, load) => {
    const { trust, saved } = model();
    expect(await load(trust, '1111')).toEqual({ ok: false, error: { kind: 'pin', error: 'bad-pin' } });
    expect(await load(trust, '')).toEqual({ ok: false, error: { kind: 'pin', error: 'bad-pin' } });
    expect(saved).toEqual([]);
    expect(trust.snapshot.value).toBeNull();
  });

  it('refuses everything unsigned when no guard is given (no PIN can be checked)', async () => {
    const trust = createTrustModel(null, async () => undefined);
    expect(await trust.loadKeysFile(keysFile(), PIN)).toEqual({
      ok: false,
      error: { kind: 'pin', error: 'no-pin-set' },
    });
    expect(await trust.loadBundleFile({})).toEqual({ ok: false, error: { kind: 'not-enrolled' } });
  });

  it('refuses malformed files with the reason, and changes nothing', async () => {
    const { trust, saved } = model();
    expect((await trust.loadKeysFile({ keys: [] }, PIN)).ok).toBe(false);
    expect(await trust.loadAuthorityFile({ publicKey: 'AAAA' }, PIN)).toEqual({
      ok: false,
      error: { kind: 'invalid', detail: 'expected {"publicKey": "<32 bytes, base64>"}' },
    });
    expect(saved).toEqual([]);
    expect(trust.snapshot.value).toBeNull();
  });

  it('loads the authority key', async () => {
    const { trust } = model();
    const key = new Uint8Array(32).fill(7);
    const r = await trust.loadAuthorityFile({ publicKey: Buffer.from(key).toString('base64') }, PIN);
    expect(r.ok).toBe(true);
    expect(trust.snapshot.value?.authorityKey).toEqual(key);
  });
});

describe('trust model, once enrolled (the trust data came from a signed bundle)', () => {
  it.each([
    [
      'a keys file (a forged code would verify)',
      (t: ReturnType<typeof model>['trust']) => t.loadKeysFile(keysFile(), PIN),
    ],
    [
      'an empty revocations file (it would wipe the revocations)',
      (t: ReturnType<typeof model>['trust']) => t.loadRevocationsFile({ entries: [] }, PIN),
    ],
    [
      'an authority key (manual entries would be sealed to someone else)',
      (t: ReturnType<typeof model>['trust']) =>
        t.loadAuthorityFile({ publicKey: Buffer.alloc(32, 7).toString('base64') }, PIN),
    ],
  ])('refuses %s even with the PIN, keeping the bundle’s data and its age', async (_, load) => {
    const { trust, saved } = model(bundled);
    expect(trust.enrolled.value).toBe(true);
    expect(await load(trust)).toEqual({ ok: false, error: { kind: 'enrolled' } });
    expect(saved).toEqual([]);
    expect(trust.snapshot.value).toBe(bundled);
  });

  it('takes a signed bundle file without a PIN, as the guard verified it', async () => {
    const newer = { ...bundled, version: 8, updatedAt: NOW };
    const { trust } = model(bundled, async () => ok(newer));
    expect(await trust.loadBundleFile({ body: '…' })).toEqual({ ok: true, value: newer });
    expect(trust.snapshot.value).toBe(newer);
  });

  it('keeps what it holds when the bundle file is refused', async () => {
    const { trust } = model(bundled, async () => err({ kind: 'rejected', error: { kind: 'bad-signature' } }));
    expect(await trust.loadBundleFile({})).toEqual({
      ok: false,
      error: { kind: 'rejected', error: { kind: 'bad-signature' } },
    });
    expect(trust.snapshot.value).toBe(bundled);
  });
});

describe('trust age', () => {
  it('is infinite without keys, and otherwise the seconds since the update', () => {
    expect(trustAgeSeconds(null, 0)).toBe(Infinity);
    const snap: TrustSnapshot = { ...bundled, updatedAt: 1000, maxOfflineSeconds: 3600 };
    expect(trustAgeSeconds(snap, 61_000)).toBe(60);
    expect(trustAgeSeconds({ ...snap, keys: [] }, 61_000)).toBe(Infinity);
  });
});

describe('trust model, a held revocation list that cannot be read (issue 11: it must not read as empty)', () => {
  const issuer = newIssuerKey('CN-YN', 1_600_000_000);
  const subject = new Uint8Array(16).fill(9);
  const list = revocationListBytes(columnsOf([{ iss: 'CN-YN', subject, before: 2_000_000_000 }]));
  const held = (revocationList: Uint8Array): TrustSnapshot => ({
    ...bundled,
    keys: [issuer.key],
    revocations: [],
    revocationList,
    updatedAt: NOW - 60_000,
  });

  it('reads a whole list', () => {
    const set = revocationSetOf(held(list));
    expect(set.ok && set.value.revokedBefore('CN-YN', subject)).toBe(2_000_000_000);
  });

  it.each([
    ['cut short', list.subarray(0, list.length - 3)],
    ['with bytes after its end', Uint8Array.from([...list, 0])],
    ['not a list at all', new Uint8Array(40).fill(0xff)],
    ['empty', new Uint8Array(0)],
  ])('is an error, not an empty set, when the list is %s; the model holds no revocation set', (_, bytes) => {
    expect(revocationSetOf(held(bytes)).ok).toBe(false);
    expect(model(held(bytes)).trust.revocations.value).toBeNull();
  });

  it('decides nothing by it: a code the damaged list revokes is refused with "update the trust data"', async () => {
    const trust = createTrustModel(held(list.subarray(0, list.length - 3)), async () => undefined);
    const logged: DecisionEntry[] = [];
    const checkpoint = createCheckpoint({
      settings: signal({ ...DEFAULT_SETTINGS, policy: 'yunnan-2020', category: 'office' }),
      trust,
      ed25519: naclEd25519,
      now: () => NOW,
      feedback: () => undefined,
      append: async (entry) => {
        logged.push(entry);
        return ok(storedRecord(entry, 'r1', 1));
      },
    });
    const at = NOW / 1000;
    await checkpoint.scan(signedCode(issuer, { subject, iat: at - 120, colourSince: at - 86400 }, at));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ decision: 'deny', actions: ['update-trust'] });
    expect(checkpoint.current.value?.trustStale).toBe(true);
  });
});
