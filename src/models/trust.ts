// The trust model: the keys and revocations codes are verified against, and how old they are. Once the device is
// enrolled they come only from signed bundles; before, files loaded by hand need the supervisor PIN.
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { BundleError } from '../core/bundle.js';
import { fromBase64 } from '../core/bytes.js';
import { parseKeysFile, TrustSet } from '../core/trust.js';
import { parseRevocationsFile, RevocationSet } from '../core/revocations.js';
import { listColumns } from '../core/list-columns.js';
import type { ListError } from '../core/revocation-list.js';
import { err, ok, type Result } from '../core/result.js';
import type { TrustSnapshot } from '../store/db.js';
import type { BundleFileError } from '../sync/bundle-file.js';
import type { PinError } from './pin.js';

export { trustAgeSeconds } from './trust-age.js';

/** Why a trust file was not loaded. */
export type TrustFileError =
  /** Unsigned keys, revocations or authority key on an enrolled device: only signed bundles count there. */
  | { kind: 'enrolled' }
  | { kind: 'pin'; error: PinError }
  | { kind: 'invalid'; detail: string }
  /** A bundle file on a device that has pinned no root key (it was never enrolled). */
  | { kind: 'not-enrolled' }
  | { kind: 'rejected'; error: BundleError };

/** What guards the trust data: the supervisor PIN for unsigned files, the pinned root for bundle files. */
export interface TrustGuard {
  checkSupervisor(pin: string): Result<void, PinError>;
  /** Verifies a signed bundle file against the pinned root, applies and keeps it (src/sync/bundle-file.ts). */
  bundleFile(json: unknown): Promise<Result<TrustSnapshot, BundleFileError>>;
}

/** The trust data as the checkpoint uses it. */
export interface TrustModel {
  snapshot: ReadonlySignal<TrustSnapshot | null>;
  trustSet: ReadonlySignal<TrustSet>;
  /**
   * The revocations codes are checked against; null when the held list cannot be read (damaged storage): then
   * nothing may be decided by this trust data until a new bundle replaces it.
   */
  revocations: ReadonlySignal<RevocationSet | null>;
  /** Whether the trust data comes from signed bundles: the device is enrolled, and takes no unsigned file. */
  enrolled: ReadonlySignal<boolean>;
  /** Replaces the trust data (enrolment and sync call this with a verified bundle's content). */
  replace(snapshot: TrustSnapshot): Promise<void>;
  /** Loads a keys.json document (spec §4), keeping the revocations and authority key already held. */
  loadKeysFile(json: unknown, pin: string): Promise<Result<number, TrustFileError>>;
  /** Loads a revocations.json document (spec §4). */
  loadRevocationsFile(json: unknown, pin: string): Promise<Result<number, TrustFileError>>;
  /** Loads the health authority's sealing public key: `{"publicKey": "<32 bytes base64>"}`. */
  loadAuthorityFile(json: unknown, pin: string): Promise<Result<Uint8Array, TrustFileError>>;
  /** Loads a signed bundle file (`checkpoint bundle export`): no PIN, its signature is what counts. */
  loadBundleFile(json: unknown): Promise<Result<TrustSnapshot, TrustFileError>>;
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

// Without a guard nothing unsigned loads and no bundle file verifies: the safe default.
const LOCKED: TrustGuard = {
  checkSupervisor: () => err('no-pin-set'),
  bundleFile: async () => err({ kind: 'not-enrolled' }),
};

/**
 * The revocations of a snapshot: its shared binary list (read column by column) and its own entries; a list that
 * does not decode is an error, never an empty list, which would admit every code it revokes.
 */
export function revocationSetOf(s: TrustSnapshot | null): Result<RevocationSet, ListError> {
  const decoded = s?.revocationList ? listColumns(s.revocationList) : ok([]);
  if (!decoded.ok) return decoded;
  const set = RevocationSet.fromColumns(decoded.value);
  for (const e of s?.revocations ?? []) set.add(e.iss, e.subject, e.before, e.colour);
  return ok(set);
}

/** A trust model starting from what the store holds, saving each change with `save`. */
export function createTrustModel(
  initial: TrustSnapshot | null,
  save: (s: TrustSnapshot) => Promise<void>,
  now: () => number = Date.now,
  guard: TrustGuard = LOCKED,
): TrustModel {
  const snapshot = signal(initial);
  const trustSet = computed(() => TrustSet.from(snapshot.value?.keys ?? []));
  const revocations = computed(() => {
    const held = revocationSetOf(snapshot.value);
    return held.ok ? held.value : null;
  });
  const enrolled = computed(() => snapshot.value?.source === 'bundle');
  const replace = async (next: TrustSnapshot) => {
    await save(next);
    snapshot.value = next;
  };
  // An unsigned file (parsed by `parse`): refused once enrolled, else only with the supervisor PIN, and only if
  // it parses.
  const unsigned =
    <T, V>(
      parse: (json: unknown) => Result<T, string>,
      patch: (value: T) => Partial<TrustSnapshot>,
      answer: (value: T) => V,
    ) =>
    async (json: unknown, pin: string): Promise<Result<V, TrustFileError>> => {
      if (enrolled.value) return err({ kind: 'enrolled' });
      const allowed = guard.checkSupervisor(pin);
      if (!allowed.ok) return err({ kind: 'pin', error: allowed.error });
      const parsed = parse(json);
      if (!parsed.ok) return err({ kind: 'invalid', detail: parsed.error });
      // A file loaded by hand is as fresh as the moment it was loaded: that is all the device can know of it.
      await replace({
        ...(snapshot.value ?? EMPTY),
        ...patch(parsed.value),
        source: 'file',
        version: null,
        updatedAt: now(),
      });
      return ok(answer(parsed.value));
    };
  return {
    snapshot,
    trustSet,
    revocations,
    enrolled,
    replace,
    loadKeysFile: unsigned(
      parseKeysFile,
      (keys) => ({ keys }),
      (keys) => keys.length,
    ),
    loadRevocationsFile: unsigned(
      parseRevocationsFile,
      (revocations) => ({ revocations }),
      (r) => r.length,
    ),
    loadAuthorityFile: unsigned(
      authorityKeyIn,
      (authorityKey) => ({ authorityKey }),
      (key) => key,
    ),
    async loadBundleFile(json) {
      const loaded = await guard.bundleFile(json);
      // Already kept, with the sync side's state, in one transaction: the model only shows it from now on.
      if (loaded.ok) snapshot.value = loaded.value;
      return loaded;
    },
  };
}

function authorityKeyIn(json: unknown): Result<Uint8Array, string> {
  const text = (json as { publicKey?: unknown } | null)?.publicKey;
  const key = typeof text === 'string' ? fromBase64(text) : null;
  return key && key.length === 32 ? ok(key) : err('expected {"publicKey": "<32 bytes, base64>"}');
}
