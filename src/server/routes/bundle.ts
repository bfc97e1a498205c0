// POST /api/v1/bundle: the signed bundle for a device holding version `since`, asked for with the device's signature.
import { fromBase64 } from '../../core/bytes.js';
import { bundleRequestBytes } from '../../core/bundle.js';
import { bestEd25519 } from '../../core/ed25519.js';
import { bundleAnswerSchema, bundleRequestSchema, type BundleRequest } from '../../core/wire.js';
import { answerFor } from '../bundles.js';
import type { ServerDb } from '../db/index.js';
import type { DeviceLimit } from '../limits.js';
import { devicePost, type Route } from '../openapi.js';
import { DEVICE_DISABLED, refuse, UNKNOWN_DEVICE } from '../problem.js';
import { answerPayload } from '../trust-format1.js';

/** The bundle route; `skewMs` is how far the request's time may be from the server's. */
export function bundleRoute(db: ServerDb, skewMs: number, deviceLimit: DeviceLimit): Route<BundleRequest> {
  return {
    ...devicePost(
      '/api/v1/bundle',
      'The signed bundle for a device holding version `since`: a delta, a full snapshot, or up to date',
      bundleRequestSchema,
      { 200: bundleAnswerSchema },
    ),
    handler: async (request, reply) => {
      const body = request.body;
      const device = await db.devices.get(body.deviceId);
      if (!device) return refuse(reply, 401, ...UNKNOWN_DEVICE);
      const signature = fromBase64(body.signature);
      const publicKey = fromBase64(device.publicKey);
      const at = Date.parse(body.at);
      const valid =
        signature &&
        publicKey &&
        !Number.isNaN(at) &&
        Math.abs(at - Date.now()) <= skewMs &&
        (await (
          await bestEd25519()
        ).verify(bundleRequestBytes(body.deviceId, body.since, body.at), signature, publicKey));
      if (!valid) return refuse(reply, 401, 'bad-signature', 'The request is not signed by this device.');
      if (await deviceLimit(request, reply, device.id)) return reply;
      if (device.disabledAt !== null) return refuse(reply, 403, ...DEVICE_DISABLED);
      const venue = await db.venues.get(device.venueId);
      if (!venue) throw new Error(`venue ${device.venueId} of device ${device.id} is missing`);
      // Old clients (no `format`) still get the self-contained format-1 bundle.
      const answer = await answerFor(db, venue, body.since, body.format ?? 1);
      void reply.header('Cache-Control', 'no-store');
      const payload = await answerPayload(reply, answer.bundle, (bundle) => ({
        upToDate: answer.upToDate,
        version: answer.version,
        bundle,
      }));
      await db.deviceStatus.noteBundle(device.id, answer.version, Date.now(), answer.format);
      return reply.send(payload);
    },
  };
}
