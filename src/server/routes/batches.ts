// POST /api/v1/batches: a device's signed batch of records, verified, then stored exactly once.
import { verifyBatch } from '../../core/batch.js';
import { fromBase64 } from '../../core/bytes.js';
import { bestEd25519 } from '../../core/ed25519.js';
import { ackSchema, batchUploadSchema, problemSchema, type Ack, type BatchUpload } from '../../core/wire.js';
import type { ServerDb } from '../db/index.js';
import type { Route } from '../openapi.js';
import { DEVICE_DISABLED, refuse, UNKNOWN_DEVICE } from '../problem.js';

/** The upload route. */
export function batchesRoute(db: ServerDb): Route<BatchUpload> {
  return {
    method: 'POST',
    url: '/api/v1/batches',
    summary: "Uploads up to 500 of a device's records, signed by its key; stored atomically and idempotently",
    schema: { body: batchUploadSchema, response: { 200: ackSchema, '4xx': problemSchema } },
    handler: async (request, reply) => {
      const signed = request.body;
      const device = await db.devices.get(signed.batch.deviceId);
      if (!device) return refuse(reply, 401, ...UNKNOWN_DEVICE);
      const publicKey = fromBase64(device.publicKey);
      if (!publicKey) throw new Error(`the key of device ${device.id} is damaged`);
      const verified = await verifyBatch(signed, publicKey, await bestEd25519());
      if (!verified.ok) {
        const e = verified.error;
        if (e.kind === 'bad-signature')
          return refuse(reply, 401, 'bad-signature', 'The batch is not signed by this device.');
        if (e.kind === 'too-large')
          return refuse(reply, 413, 'too-large', `A batch holds at most 500 records.`);
        if (e.kind === 'tampered')
          return refuse(reply, 422, 'tampered', `Record ${e.seq} does not match its hash.`, { seq: e.seq });
        if (e.kind === 'foreign-record')
          return refuse(reply, 422, 'foreign-record', `Record ${e.seq} belongs to another device.`, {
            seq: e.seq,
          });
        return refuse(reply, 400, 'invalid-request', e.detail);
      }
      const stored = await db.records.ingest(verified.value);
      if (!stored.ok) {
        const e = stored.error;
        if (e.kind === 'unknown-device') return refuse(reply, 401, ...UNKNOWN_DEVICE);
        if (e.kind === 'device-disabled') return refuse(reply, 403, ...DEVICE_DISABLED);
        request.log.warn({ deviceId: device.id, forks: e.forks }, 'chain fork refused');
        return refuse(reply, 409, 'chain-fork', 'These records contradict records already received.', {
          forks: e.forks,
        });
      }
      const ack = stored.value;
      if (ack.gaps.length) request.log.warn({ deviceId: device.id, gaps: ack.gaps }, 'chain gap flagged');
      const answer: Ack = { ...ack, trustVersion: await db.trust.version() };
      return answer;
    },
  };
}
