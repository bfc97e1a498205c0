// The device's syncer: on `online`, every few minutes and from "Sync now" it refreshes the signed bundle,
// uploads the outbox, and deletes acknowledged records past the device's retention. Its status drives the widget.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { SignatureVerifier, TrustState } from '../core/bundle.js';
import { ServerApi, type Fetch } from './api.js';
import { refreshBundle } from './bundle-refresh.js';
import { signerOf } from './device-key.js';
import type { TryLock } from './lock.js';
import type { DeadLetter, Outbox } from './outbox.js';
import type { SyncStorage } from './storage.js';
import { syncOnce, type SyncProgress } from './uploader.js';

/** Days an acknowledged record stays on the device (000 §7(4)); the server keeps its copy longer. */
export const DEVICE_RETENTION_DAYS = 14;

/** What the sync widget shows. */
export interface SyncStatus {
  state: 'not-enrolled' | 'idle' | 'syncing' | 'offline' | 'disabled';
  pending: number;
  progress: SyncProgress | null;
  lastSyncAt: string | null;
  lastError: string | null;
  disabledMessage: string | null;
  deadLetters: DeadLetter[];
  trustVersion: number | null;
}

/** The status before the syncer has read anything: not enrolled, nothing pending, no run yet. */
export const START_STATUS: Readonly<SyncStatus> = {
  state: 'not-enrolled',
  pending: 0,
  progress: null,
  lastSyncAt: null,
  lastError: null,
  disabledMessage: null,
  deadLetters: [],
  trustVersion: null,
};

/** What the syncer needs; the app passes the real ones, tests their own. */
export interface SyncerDeps {
  storage: SyncStorage;
  outbox: Outbox;
  fetch: Fetch;
  lock: TryLock;
  ed: SignatureVerifier;
  /** Called with each newly verified trust state (the app's trust model replaces its snapshot). */
  onTrust?: (state: TrustState) => void;
  /** Called after each sync run (the log screen re-reads its pending count). */
  onSynced?: () => void;
  /** False when the device knows it has no network (`navigator.onLine`): the run says "offline" at once. */
  isOnline?: () => boolean;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retentionDays?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
}

/** The syncer: a status signal and the triggers. */
export interface Syncer {
  status: ReadonlySignal<SyncStatus>;
  /** Runs one sync now; during a run, has it go once more when it ends. */
  syncNow(): Promise<void>;
  /** Re-reads the pending count and dead letters (after a decision is logged). */
  refresh(): Promise<void>;
  /** Syncs on `online`, every `intervalMs`, and once now; returns the function that stops it. */
  start(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, intervalMs?: number): () => void;
}

/** Creates the syncer. */
export function createSyncer(deps: SyncerDeps): Syncer {
  const now = deps.now ?? (() => new Date());
  const status = signal<SyncStatus>(START_STATUS);
  const patch = (p: Partial<SyncStatus>) => (status.value = { ...status.value, ...p });
  let running: Promise<void> | null = null;
  // A trigger that arrives while a run is under way (a report logged, the network back) is not lost in it:
  // the run goes once more when it ends. The network coming back also ends a backoff the run sleeps through,
  // which was waiting for nothing else (a reconnect must not wait out a minute of backoff).
  let again = false;
  const wakers = new Set<() => void>();
  const baseSleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        wakers.delete(wake);
        resolve();
      };
      wakers.add(wake);
      void baseSleep(ms).then(wake);
    });

  async function refresh(): Promise<void> {
    const [enrolment, disabled, pending, deadLetters, trust] = await Promise.all([
      deps.storage.enrolment(),
      deps.storage.disabled(),
      deps.outbox.pendingCount(),
      deps.outbox.deadLetters(),
      deps.storage.trustState(),
    ]);
    const current = status.value.state;
    const state: SyncStatus['state'] = !enrolment
      ? 'not-enrolled'
      : disabled
        ? 'disabled'
        : current === 'syncing' || current === 'offline'
          ? current
          : 'idle';
    patch({
      state,
      pending,
      deadLetters,
      disabledMessage: disabled,
      trustVersion: trust?.version ?? null,
    });
  }

  async function run(): Promise<void> {
    const [enrolment, key, disabled] = await Promise.all([
      deps.storage.enrolment(),
      deps.storage.deviceKey(),
      deps.storage.disabled(),
    ]);
    if (!enrolment || !key) return refresh();
    if (disabled) return refresh();
    // Without a network every request would fail after its retries, while the screen said "uploading 0 / n".
    if (deps.isOnline?.() === false) {
      patch({ state: 'offline', progress: null });
      return refresh();
    }
    patch({ state: 'syncing', progress: null, lastError: null });
    const api = new ServerApi(enrolment.serverUrl, deps.fetch);
    const signer = signerOf(key);
    let offline = false;
    let error: string | null = null;

    const refreshed = await refreshBundle(await deps.storage.trustState(), {
      api,
      deviceId: enrolment.deviceId,
      signer,
      rootKey: enrolment.rootKey,
      venueId: enrolment.venueId,
      ed: deps.ed,
      now,
    });
    if (refreshed.kind === 'updated' || refreshed.kind === 'renewed') {
      await deps.storage.saveTrustState(refreshed.state);
      deps.onTrust?.(refreshed.state);
    } else if (refreshed.kind === 'retry') {
      offline = true;
    } else if (refreshed.kind === 'refused') {
      if (refreshed.error === 'device-disabled') await deps.storage.setDisabled(refreshed.message);
      else error = refreshed.message;
    } else if (refreshed.kind === 'rejected') {
      // A bundle the pinned root did not sign, or an older one: kept out, and said so.
      error = `trust bundle refused: ${refreshed.error.kind}`;
    }

    if (!(await deps.storage.disabled())) {
      const outcome = await syncOnce({
        outbox: deps.outbox,
        api,
        deviceId: enrolment.deviceId,
        signer,
        lock: deps.lock,
        now,
        onProgress: (progress) => patch({ progress }),
        sleep,
        ...(deps.random ? { random: deps.random } : {}),
        ...(deps.maxAttempts ? { maxAttempts: deps.maxAttempts } : {}),
        ...(deps.baseDelayMs !== undefined ? { baseDelayMs: deps.baseDelayMs } : {}),
      });
      if (outcome.kind === 'gave-up') offline = true;
      if (outcome.kind === 'blocked') await deps.storage.setDisabled(outcome.message);
      if (outcome.kind === 'done' && !offline) patch({ lastSyncAt: now().toISOString() });
    }
    const days = deps.retentionDays ?? DEVICE_RETENTION_DAYS;
    await deps.outbox.deleteSyncedBefore(new Date(now().getTime() - days * 86_400_000).toISOString());
    patch({ state: offline ? 'offline' : 'idle', lastError: error });
    await refresh();
    deps.onSynced?.();
  }

  const runOnce = (): Promise<void> =>
    run().catch((e: unknown) => {
      patch({ state: 'idle', lastError: e instanceof Error ? e.message : String(e) });
    });

  const syncNow = (wake = false): Promise<void> => {
    if (running) {
      again = true;
      if (wake) for (const w of [...wakers]) w();
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    status,
    syncNow: () => syncNow(),
    refresh,
    start(target, intervalMs = 5 * 60_000) {
      const onOnline = () => void syncNow(true);
      target.addEventListener('online', onOnline);
      const timer = setInterval(() => void syncNow(), intervalMs);
      void syncNow();
      return () => {
        target.removeEventListener('online', onOnline);
        clearInterval(timer);
      };
    },
  };
}
