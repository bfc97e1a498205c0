// The uploader: sends pending records in signed batches (reports first), marks them synced only on the
// server's acknowledgement, backs off with jitter on failures, and parks batches the server refuses for good.
import { MAX_BATCH_RECORDS, nextBatch, signBatch, uploadOf, type Signer } from '../core/batch.js';
import type { DecisionRecord } from '../core/log.js';
import { MAX_BODY_BYTES, type BatchUpload } from '../core/wire.js';
import type { ServerApi } from './api.js';
import type { Outbox } from './outbox.js';
import type { TryLock } from './lock.js';

/** Progress of one sync run, for the "Sync now" widget. */
export interface SyncProgress {
  sent: number;
  total: number;
}

/** How a sync run ended. */
export type SyncOutcome =
  | { kind: 'done'; sent: number; duplicates: number; parked: number }
  | { kind: 'gave-up'; sent: number; reason: string }
  | { kind: 'blocked'; error: 'device-disabled' | 'unknown-device'; message: string }
  | { kind: 'busy' };

/** What the uploader needs; tests pass their own clock, sleep and randomness. */
export interface UploaderDeps {
  outbox: Outbox;
  api: ServerApi;
  deviceId: string;
  signer: Signer;
  lock: TryLock;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  onProgress?: (p: SyncProgress) => void;
  batchSize?: number;
  /** Failed attempts in a row before this run gives up (the next trigger starts again). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Exponential backoff with full jitter: a random wait up to base·2^attempt, capped. */
export function backoffMs(attempt: number, random: () => number, baseMs = 1000, maxMs = 60_000): number {
  return Math.round(random() * Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}

const BLOCKING = new Set(['device-disabled', 'unknown-device']);

const byteLength = (text: string) => new TextEncoder().encode(text).length;

// The next batch, signed, with as many records as fit the server's body limit (long manual entries are larger).
async function nextUpload(
  pending: readonly DecisionRecord[],
  deps: UploaderDeps,
  createdAt: string,
): Promise<{ records: DecisionRecord[]; upload: BatchUpload; batchId: string } | { error: string }> {
  for (let max = deps.batchSize ?? MAX_BATCH_RECORDS; ; max = Math.ceil(max / 2)) {
    const records = nextBatch(pending, max);
    const signed = await signBatch(deps.deviceId, records, deps.signer, createdAt);
    if (!signed.ok) return { error: signed.error.kind };
    const upload = uploadOf(signed.value);
    if (max === 1 || byteLength(JSON.stringify(upload)) <= MAX_BODY_BYTES)
      return { records, upload, batchId: signed.value.batch.batchId };
  }
}

/** Uploads everything pending, unless another tab's uploader is already at it. */
export async function syncOnce(deps: UploaderDeps): Promise<SyncOutcome> {
  const result = await deps.lock(() => upload(deps));
  return result ?? { kind: 'busy' };
}

async function upload(deps: UploaderDeps): Promise<SyncOutcome> {
  const sleep = deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const now = deps.now ?? (() => new Date());
  const maxAttempts = deps.maxAttempts ?? 6;
  let total = await deps.outbox.pendingCount();
  let sent = 0;
  let duplicates = 0;
  let parked = 0;
  let failures = 0;
  deps.onProgress?.({ sent, total });
  for (;;) {
    const pending = await deps.outbox.pending(deps.batchSize ?? MAX_BATCH_RECORDS);
    if (pending.length === 0) return { kind: 'done', sent, duplicates, parked };
    // Records logged while this run works join it.
    total = Math.max(total, sent + pending.length);
    const next = await nextUpload(pending, deps, now().toISOString());
    if ('error' in next) return { kind: 'gave-up', sent, reason: `cannot make a batch: ${next.error}` };
    const { records } = next;
    const answer = await deps.api.upload(next.upload);
    if (answer.kind === 'ok') {
      const ids = new Set(records.map((r) => r.id));
      // Expired: older than the server keeps; it will never store them, so they count as delivered.
      const ack = answer.value;
      const acked = [...ack.accepted, ...ack.duplicates, ...(ack.expired ?? [])].filter((id) => ids.has(id));
      // Only what the server names is marked; anything it did not name stays pending and goes again.
      await deps.outbox.markSynced(acked);
      sent += acked.length;
      duplicates += answer.value.duplicates.length;
      failures = acked.length === records.length ? 0 : failures + 1;
      deps.onProgress?.({ sent, total });
      if (failures === 0) continue;
      if (failures >= maxAttempts)
        return { kind: 'gave-up', sent, reason: 'the server did not acknowledge every record' };
      await sleep(backoffMs(failures, random, deps.baseDelayMs, deps.maxDelayMs));
      continue;
    }
    if (answer.kind === 'retry') {
      failures++;
      if (failures >= maxAttempts) return { kind: 'gave-up', sent, reason: answer.reason };
      // A server that says when to come back (429, 503 with Retry-After) is not asked again before then.
      const backoff = backoffMs(failures, random, deps.baseDelayMs, deps.maxDelayMs);
      await sleep(Math.max(backoff, answer.retryAfterMs ?? 0));
      continue;
    }
    if (BLOCKING.has(answer.error))
      return {
        kind: 'blocked',
        error: answer.error as 'device-disabled' | 'unknown-device',
        message: answer.message,
      };
    await deps.outbox.park({
      batchId: next.batchId,
      parkedAt: now().toISOString(),
      status: answer.status,
      error: answer.error,
      message: answer.message,
      recordIds: records.map((r) => r.id),
      firstSeq: records[0]!.seq,
      lastSeq: records[records.length - 1]!.seq,
    });
    parked += records.length;
    failures = 0;
  }
}
