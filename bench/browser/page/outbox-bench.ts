// The sync's device side measured in the page: what the uploader does for each batch (src/sync/uploader.ts),
// step by step, on a log of the soak's shape, with the server's answer taken as instant.
import { nextBatch, signBatch, uploadOf } from '../../../src/core/batch.js';
import { CheckpointDb } from '../../../src/store/db.js';
import { appendDecision } from '../../../src/store/log.js';
import { createDeviceKey, signerOf } from '../../../src/sync/device-key.js';
import { dexieOutbox } from '../../../src/sync/outbox.js';
import { sampleEntry } from '../../../tests/support/entries.js';

/** Milliseconds per batch of each step, in the order the uploader takes them. */
export interface OutboxSteps {
  /** outbox.pending(batch): the oldest waiting records and those asking for a report. */
  read: number[];
  /** nextBatch, signBatch and the upload's body: the canonical JSON and its signature. */
  sign: number[];
  /** The size check the uploader makes on the upload (JSON.stringify and UTF-8 length). */
  size: number[];
  /** outbox.markSynced(ids) once the server acknowledged them. */
  mark: number[];
}

/**
 * Writes `n` sample decisions through appendDecision into a database of its own (unless one of that name holds
 * them from an earlier call), then drains `batches` batches of `batch` as the uploader would, timing each step.
 */
export async function outboxBench(opts: {
  n: number;
  batches: number;
  batch: number;
  name: string;
}): Promise<{ written_per_s: number | null; steps: OutboxSteps; pendingAfter: number }> {
  const db = new CheckpointDb(opts.name);
  const outbox = dexieOutbox(db);
  let writtenPerS: number | null = null;
  if ((await db.records.count()) < opts.n) {
    const start = performance.now();
    for (let i = 0; i < opts.n; i++) {
      const r = await appendDecision(sampleEntry(i, 'bench-venue'), db);
      if (!r.ok) throw new Error(`appendDecision failed at ${i}: ${r.error.message}`);
    }
    writtenPerS = (opts.n * 1000) / (performance.now() - start);
  }
  const signer = signerOf(await createDeviceKey());
  const deviceId = (await outbox.pending(1))[0]?.deviceId;
  if (!deviceId) throw new Error('nothing pending');
  const steps: OutboxSteps = { read: [], sign: [], size: [], mark: [] };
  for (let b = 0; b < opts.batches; b++) {
    let t = performance.now();
    const lap = (into: number[]) => {
      const now = performance.now();
      into.push(now - t);
      t = now;
    };
    const pending = await outbox.pending(opts.batch);
    lap(steps.read);
    if (pending.length === 0) break;
    const records = nextBatch(pending, opts.batch);
    const signed = await signBatch(deviceId, records, signer, new Date().toISOString());
    if (!signed.ok) throw new Error(`signBatch: ${signed.error.kind}`);
    const upload = uploadOf(signed.value);
    lap(steps.sign);
    new TextEncoder().encode(JSON.stringify(upload));
    lap(steps.size);
    await outbox.markSynced(records.map((r) => r.id));
    lap(steps.mark);
  }
  const pendingAfter = await outbox.pendingCount();
  db.close();
  return { written_per_s: writtenPerS, steps, pendingAfter };
}
