// POST /api/v1/enrol: a device registers its public key with a one-time token and gets the root key and a bundle.
import { fromBase64, toBase64 } from '../../core/bytes.js';
import { rootKeyId } from '../../core/bundle.js';
import { enrolledSchema, enrolRequestSchema, type Enrolled, type EnrolRequest } from '../../core/wire.js';
import { answerFor } from '../bundles.js';
import type { EnrolError, ServerDb } from '../db/index.js';
import { devicePost, type Route } from '../openapi.js';
import { refuse } from '../problem.js';
import { answerPayload } from '../trust-format1.js';

const REFUSALS: Record<EnrolError, [status: number, message: string]> = {
  'token-unknown': [404, 'This enrolment link is not valid. Ask for a new one.'],
  'token-used': [410, 'This enrolment link has already been used. Ask for a new one.'],
  'token-expired': [410, 'This enrolment link has expired. Ask for a new one.'],
  'device-exists': [409, 'This device is already enrolled.'],
};

/** The enrolment route. */
export function enrolRoute(db: ServerDb): Route<EnrolRequest> {
  return {
    ...devicePost(
      '/api/v1/enrol',
      "Registers a device's public key with a one-time enrolment token; answers with the root key and the first bundle",
      enrolRequestSchema,
      { 201: enrolledSchema },
    ),
    handler: async (request, reply) => {
      const body = request.body;
      const publicKey = fromBase64(body.publicKey);
      if (!publicKey || publicKey.length !== 32)
        return refuse(reply, 400, 'invalid-request', 'publicKey must be 32 bytes of Base64');
      const enrolled = await db.devices.enrol({
        token: body.token,
        deviceId: body.deviceId,
        publicKey,
        label: body.label ?? null,
      });
      if (!enrolled.ok) {
        const [status, message] = REFUSALS[enrolled.error];
        return refuse(reply, status, enrolled.error, message);
      }
      const device = enrolled.value;
      const venue = await db.venues.get(device.venueId);
      if (!venue) throw new Error(`venue ${device.venueId} of device ${device.id} is missing`);
      const root = await db.meta.rootKey();
      const answer = await answerFor(db, venue, 0, body.format ?? 1);
      request.log.info({ deviceId: device.id, venueId: venue.id }, 'device enrolled');
      const payload = await answerPayload(reply.code(201), answer.bundle, (bundle): Enrolled => ({
        deviceId: device.id,
        venueId: venue.id,
        rootKey: toBase64(root.publicKey),
        keyId: rootKeyId(root.publicKey),
        bundle,
      }));
      await db.deviceStatus.noteBundle(device.id, answer.version, Date.now(), answer.format);
      return reply.send(payload);
    },
  };
}
