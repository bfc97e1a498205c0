// The trust model: the keys and revocations codes are verified against, and how old they are.
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { fromBase64 } from '../core/bytes.js';
import { parseKeysFile, TrustSet } from '../core/trust.js';
import { parseRevocationsFile, RevocationSet } from '../core/revocations.js';
import { err, ok, type Result } from '../core/result.js';
import type { TrustSnapshot } from '../store/db.js';

export { trustAgeSeconds } from './trust-age.js';

/** The trust data as the checkpoint uses it. */
export interface TrustModel {
  snapshot: ReadonlySignal<TrustSnapshot | null>;
  trustSet: ReadonlySignal<TrustSet>;
  revocations: ReadonlySignal<RevocationSet>;
  /** Replaces the trust data (enrolment and sync call this with a verified bundle's content). */
  replace(snapshot: TrustSnapshot): Promise<void>;
  /** Loads a keys.json document (spec §4), keeping the revocations and authority key already held. */
  loadKeysFile(json: unknown): Promise<Result<number>>;
  /** Loads a revocations.json document (spec §4). */
  loadRevocationsFile(json: unknown): Promise<Result<number>>;
  /** Loads the health authority's sealing public key: `{"publicKey": "<32 bytes base64>"}`. */
  loadAuthorityFile(json: unknown): Promise<Result<Uint8Array>>;
}

const EMPTY: TrustSnapshot = {
  keys: [],
  revocations: [],
  authorityKey: null,
  updatedAt: 0,
  source: 'file',
  version: null,
  maxOfflineSeconds: null,
};

/** A trust model starting from what the store holds, saving each change with `save`. */
export function createTrustModel(
  initial: TrustSnapshot | null,
  save: (s: TrustSnapshot) => Promise<void>,
  now: () => number = Date.now,
): TrustModel {
  const snapshot = signal(initial);
  const trustSet = computed(() => TrustSet.from(snapshot.value?.keys ?? []));
  const revocations = computed(() => RevocationSet.from(snapshot.value?.revocations ?? []));
  const replace = async (next: TrustSnapshot) => {
    await save(next);
    snapshot.value = next;
  };
  // A file loaded by hand is as fresh as the moment it was loaded: that is all the device can know of it.
  const amend = (patch: Partial<TrustSnapshot>) =>
    replace({ ...(snapshot.value ?? EMPTY), ...patch, source: 'file', version: null, updatedAt: now() });
  return {
    snapshot,
    trustSet,
    revocations,
    replace,
    async loadKeysFile(json) {
      const keys = parseKeysFile(json);
      if (!keys.ok) return keys;
      await amend({ keys: keys.value });
      return ok(keys.value.length);
    },
    async loadRevocationsFile(json) {
      const entries = parseRevocationsFile(json);
      if (!entries.ok) return entries;
      await amend({ revocations: entries.value });
      return ok(entries.value.length);
    },
    async loadAuthorityFile(json) {
      const text = (json as { publicKey?: unknown } | null)?.publicKey;
      const key = typeof text === 'string' ? fromBase64(text) : null;
      if (!key || key.length !== 32) return err('expected {"publicKey": "<32 bytes, base64>"}');
      await amend({ authorityKey: key });
      return ok(key);
    },
  };
}
