// POST /api/v1/batches: a device's signed batch. The signature over the body's exact bytes is checked first;
// only then is the body parsed, checked against its schema and record hashes, and stored exactly once.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { checkBatch, openUpload, type BatchError } from '../../core/batch.js';
import type { SignatureVerifier } from '../../core/bundle.js';
import { fromBase64 } from '../../core/bytes.js';
import type { TextDigest } from '../../core/log.js';
import {
  ackSchema,
  batchBodySchema,
  batchUploadSchema,
  MAX_BODY_BYTES,
  type Ack,
  type BatchUpload,
} from '../../core/wire.js';
import type { ServerDb } from '../db/index.js';
import type { DeviceLimit } from '../limits.js';
import { devicePost, type Route } from '../openapi.js';
import { DEVICE_DISABLED, refuse, UNKNOWN_DEVICE } from '../problem.js';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the upload route needs besides the database. */
export interface BatchesOptions {
  deviceLimit: DeviceLimit;
  /** Records decided longer ago than this are not stored (the retention period); null keeps everything. */
  retentionMs: number | null;
}

function refuseBatch(reply: FastifyReply, e: BatchError): FastifyReply {
  if (e.kind === 'bad-signature')
    return refuse(reply, 401, 'bad-signature', 'The batch is not signed by this device.');
  if (e.kind === 'too-large') return refuse(reply, 413, 'too-large', 'A batch holds at most 500 records.');
  if (e.kind === 'tampered')
    return refuse(reply, 422, 'tampered', `Record ${e.seq} does not match its hash.`, { seq: e.seq });
  if (e.kind === 'foreign-record')
    return refuse(reply, 422, 'foreign-record', `Record ${e.seq} belongs to another device.`, { seq: e.seq });
  return refuse(reply, 400, 'invalid-request', e.detail);
}

/** The schema errors as one line: "records/3/id must NOT have more than 64 characters; …". */
function describe(errors: readonly { instancePath?: string; message?: string }[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 3)
    .map((e) => `${(e.instancePath ?? '').replace(/^\//, '') || 'body'} ${e.message ?? 'is not valid'}`)
    .join('; ');
}

/**
 * An upload in the shape devices sent before the signature covered the body's bytes ({batch, signature}): the
 * app that sent it is out of date. It is told to try again later (503), not refused for good: a refusal would
 * park its records for ever, while a retry keeps them until the app reloads and sends them the new way.
 */
async function oldClient(
  request: FastifyRequest<{ Body: BatchUpload }>,
  reply: FastifyReply,
): Promise<unknown> {
  const body = request.body as unknown;
  if (!body || typeof body !== 'object' || !('batch' in body) || 'body' in body) return;
  reply.header('Retry-After', '600');
  return refuse(reply, 503, 'upgrade-required', 'This app is out of date. Reload it to upload its records.');
}

/** How many devices' keys a server process keeps (32 bytes, OpenSSL's key and an id each: some MB at most). */
const KEYS_KEPT = 50_000;

/** SHA-256 by OpenSSL: core's record and batch hashes, several times faster than JavaScript's. */
const nodeSha256Hex: TextDigest = (text) => createHash('sha256').update(text).digest('hex');

/** A device's key as the upload check uses it: OpenSSL's, imported once (null: not a key anything signs with). */
interface DeviceKey {
  publicKey: Uint8Array;
  verifier: SignatureVerifier;
}

function deviceKeyOf(publicKey: Uint8Array): DeviceKey {
  let key: KeyObject | null = null;
  try {
    const x = Buffer.from(publicKey).toString('base64url');
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  } catch {
    // Not an Ed25519 point OpenSSL imports: no signature verifies against it.
  }
  // Synchronous (no thread-pool round trip): an Ed25519 check of one batch is tens of microseconds.
  const verifier: SignatureVerifier = {
    verify: async (message, signature) =>
      key !== null && signature.length === 64 && verify(null, message, key, signature),
  };
  return { publicKey, verifier };
}

/**
 * Devices' public keys by id. A device's key never changes (enrolment refuses an id that exists, and nothing
 * updates or deletes a device), so a key kept here cannot go stale in any process; whether the device is
 * disabled is read in the ingest's transaction, never from here. Saves a round trip on every upload but the first.
 */
function deviceKeys(db: ServerDb): (deviceId: string) => Promise<DeviceKey | null> {
  const kept = new Map<string, DeviceKey>();
  return async (deviceId) => {
    const hit = kept.get(deviceId);
    if (hit) return hit;
    const device = await db.devices.get(deviceId);
    if (!device) return null;
    const publicKey = fromBase64(device.publicKey);
    if (!publicKey) throw new Error(`the key of device ${device.id} is damaged`);
    // Oldest first out (a Map keeps insertion order): enough for a cache whose entries never go stale.
    if (kept.size >= KEYS_KEPT) kept.delete(kept.keys().next().value as string);
    const key = deviceKeyOf(publicKey);
    kept.set(deviceId, key);
    return key;
  };
}

/** The upload route. */
export function batchesRoute(db: ServerDb, opts: BatchesOptions): Route<BatchUpload> {
  const keyOf = deviceKeys(db);
  return {
    ...devicePost(
      '/api/v1/batches',
      "Uploads up to 500 of a device's records, signed by its key over the body's exact text; stored atomically and idempotently",
      batchUploadSchema,
      { 200: ackSchema },
    ),
    signedBody: batchBodySchema,
    bodyLimit: MAX_BODY_BYTES,
    preValidation: oldClient,
    handler: async (request, reply) => {
      const upload = request.body;
      const deviceId = upload.deviceId;
      const key = await keyOf(deviceId);
      if (!key) return refuse(reply, 401, ...UNKNOWN_DEVICE);
      const opened = await openUpload(upload, key.publicKey, key.verifier);
      if (!opened.ok) return refuseBatch(reply, opened.error);
      if (await opts.deviceLimit(request, reply, deviceId)) return reply;
      const valid = request.compileValidationSchema(batchBodySchema);
      if (!valid(opened.value)) return refuse(reply, 400, 'invalid-request', describe(valid.errors));
      const batch = checkBatch(opened.value, nodeSha256Hex);
      if (!batch.ok) return refuseBatch(reply, batch.error);
      const now = Date.now();
      const stored = await db.records.ingest(batch.value, {
        now,
        oldestMs: opts.retentionMs === null ? null : now - opts.retentionMs,
      });
      if (!stored.ok) {
        const e = stored.error;
        if (e.kind === 'unknown-device') return refuse(reply, 401, ...UNKNOWN_DEVICE);
        if (e.kind === 'device-disabled') return refuse(reply, 403, ...DEVICE_DISABLED);
        request.log.warn({ deviceId, forks: e.forks }, 'chain fork refused');
        return refuse(reply, 409, 'chain-fork', 'These records contradict records already received.', {
          forks: e.forks,
        });
      }
      const answer: Ack = stored.value;
      if (answer.gaps.length) request.log.warn({ deviceId, gaps: answer.gaps }, 'chain gap flagged');
      return answer;
    },
  };
}
