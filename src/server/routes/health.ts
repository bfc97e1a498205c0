// GET /healthz and GET /api/v1/root: liveness with a database round trip, and the root key devices pin.
import { toBase64 } from '../../core/bytes.js';
import { rootKeyId } from '../../core/bundle.js';
import { healthSchema, rootKeySchema, type Health, type RootKeyAnswer } from '../../core/wire.js';
import type { ServerDb } from '../db/index.js';
import type { Route } from '../openapi.js';

/** The health and root-key routes. */
export function healthRoutes(db: ServerDb): Route[] {
  return [
    {
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness and database check',
      schema: { response: { 200: healthSchema } },
      handler: async (): Promise<Health> => ({
        status: 'ok',
        database: db.sql.dialect,
        trustVersion: await db.trust.version(),
      }),
    },
    {
      method: 'GET',
      url: '/api/v1/root',
      summary: 'The root public key that signs bundles (devices pin it at enrolment)',
      schema: { response: { 200: rootKeySchema } },
      handler: async (): Promise<RootKeyAnswer> => {
        const root = await db.meta.rootKey();
        return { publicKey: toBase64(root.publicKey), keyId: rootKeyId(root.publicKey) };
      },
    },
  ];
}
