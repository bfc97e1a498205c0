// The HTTP server: Fastify, one table of routes with JSON schemas (validated, and published as OpenAPI), pino logs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyHelmet from '@fastify/helmet';
import { fromBase64 } from '../core/bytes.js';
import { bundleRequestBytes, rootKeyId } from '../core/bundle.js';
import { verifyBatch } from '../core/batch.js';
import { bestEd25519 } from '../core/ed25519.js';
import { toBase64 } from '../core/bytes.js';
import type { Store } from './store.js';
import { bundleFor } from './bundles.js';
import { openApiDocument, type Route } from './openapi.js';
import * as S from './schemas.js';

/** How the server is set up. */
export interface ServerOptions {
  store: Store;
  /** The built PWA to serve at `/`, when it exists. */
  distDir?: string | null;
  /** pino logging: false in tests, true (info) when serving. */
  logger?: boolean;
  /** Extra routes (the demo page). */
  extraRoutes?: Route[];
  /** How far a bundle request's time may be from the server's (ms). */
  requestSkewMs?: number;
}

/** The Content-Security-Policy of the PWA (and of every response without its own): this origin only, nothing inline. */
export const APP_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  // The decoder worker compiles zxing-wasm's .wasm; 'wasm-unsafe-eval' allows that and nothing else (no eval).
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'"],
  // Preact sets `style` props through the CSSOM, which CSP does not restrict; the build has no inline <style>.
  'style-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/** The Permissions-Policy: the camera for this origin only; other powerful features for nobody. */
export const PERMISSIONS_POLICY =
  'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()';

/** A refusal the device can act on: a stable code and a sentence for people. */
function refuse(reply: FastifyReply, status: number, error: string, message: string, extra: object = {}) {
  return reply.code(status).send({ error, message, ...extra });
}

/** Builds the Fastify app (not listening yet). */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { store } = opts;
  const app = Fastify({
    // pino JSON logs on stderr: stdout stays the command's own one-line answer.
    logger: opts.logger ? { level: process.env.LOG_LEVEL ?? 'info', stream: process.stderr } : false,
    bodyLimit: 8 * 1024 * 1024,
    // Bodies are signed: validation must never rewrite them (no type coercion, no defaults, nothing removed).
    ajv: { customOptions: { coerceTypes: false, useDefaults: false, removeAdditional: false } },
  });
  const skew = opts.requestSkewMs ?? 24 * 3600_000;

  // Registered before any route, so its onRoute hook sees the routes' own policies (the demo page's).
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP },
    // helmet's defaults otherwise: COOP and CORP same-origin, Referrer-Policy no-referrer, nosniff,
    // Origin-Agent-Cluster, X-DNS-Prefetch-Control off, and HSTS (1 year, includeSubDomains), which browsers
    // heed only over HTTPS: phones reach the server through an HTTPS proxy, which passes it on.
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('Permissions-Policy', PERMISSIONS_POLICY);
    // API answers and the demo page (its one-time enrolment token) are for this request only.
    if (request.url.startsWith('/api/') || request.url.startsWith('/demo'))
      reply.header('Cache-Control', 'no-store');
  });

  app.setErrorHandler(
    (error: { validation?: unknown; statusCode?: number; message: string }, request, reply) => {
      if (error.validation) return refuse(reply, 400, 'invalid-request', error.message);
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error(error);
      return refuse(reply, status, status === 500 ? 'server-error' : 'invalid-request', error.message);
    },
  );

  const routes: Route[] = [
    {
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness and database check',
      schema: { response: { 200: S.health } },
      handler: async () => ({
        status: 'ok',
        database: store.sql.dialect,
        trustVersion: await store.trustVersion(),
      }),
    },
    {
      method: 'GET',
      url: '/api/v1/root',
      summary: 'The root public key that signs bundles (devices pin it at enrolment)',
      schema: { response: { 200: S.rootKey } },
      handler: async () => {
        const root = await store.rootKey();
        return { publicKey: toBase64(root.publicKey), keyId: rootKeyId(root.publicKey) };
      },
    },
    {
      method: 'POST',
      url: '/api/v1/enrol',
      summary:
        "Registers a device's public key with a one-time enrolment token; answers with the root key and the first bundle",
      schema: { body: S.enrolRequest, response: { 201: S.enrolResponse, '4xx': S.problem } },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const body = request.body as { token: string; deviceId: string; publicKey: string; label?: string };
        const publicKey = fromBase64(body.publicKey);
        if (!publicKey || publicKey.length !== 32)
          return refuse(reply, 400, 'invalid-request', 'publicKey must be 32 bytes of Base64');
        const enrolled = await store.enrol({
          token: body.token,
          deviceId: body.deviceId,
          publicKey,
          label: body.label ?? null,
        });
        if (!enrolled.ok) {
          const messages = {
            'token-unknown': 'This enrolment link is not valid. Ask for a new one.',
            'token-used': 'This enrolment link has already been used. Ask for a new one.',
            'token-expired': 'This enrolment link has expired. Ask for a new one.',
            'device-exists': 'This device is already enrolled.',
          } as const;
          const status =
            enrolled.error === 'token-unknown' ? 404 : enrolled.error === 'device-exists' ? 409 : 410;
          return refuse(reply, status, enrolled.error, messages[enrolled.error]);
        }
        const device = enrolled.value;
        const venue = await store.getVenue(device.venueId);
        if (!venue) return refuse(reply, 500, 'server-error', 'venue missing');
        const root = await store.rootKey();
        const { bundle } = await bundleFor(store, venue, 0);
        request.log.info({ deviceId: device.id, venueId: venue.id }, 'device enrolled');
        return reply.code(201).send({
          deviceId: device.id,
          venueId: venue.id,
          rootKey: toBase64(root.publicKey),
          keyId: rootKeyId(root.publicKey),
          bundle,
        });
      },
    },
    {
      method: 'POST',
      url: '/api/v1/bundle',
      summary:
        'The signed bundle for a device holding version `since`: a delta, a full snapshot, or up to date',
      schema: { body: S.bundleRequest, response: { 200: S.bundleResponse, '4xx': S.problem } },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const body = request.body as { deviceId: string; since: number; at: string; signature: string };
        const device = await store.getDevice(body.deviceId);
        if (!device) return refuse(reply, 401, 'unknown-device', 'This device is not enrolled.');
        const signature = fromBase64(body.signature);
        const publicKey = fromBase64(device.publicKey);
        const at = Date.parse(body.at);
        const valid =
          signature &&
          publicKey &&
          !Number.isNaN(at) &&
          Math.abs(at - Date.now()) <= skew &&
          (await (
            await bestEd25519()
          ).verify(bundleRequestBytes(body.deviceId, body.since, body.at), signature, publicKey));
        if (!valid) return refuse(reply, 401, 'bad-signature', 'The request is not signed by this device.');
        if (device.disabledAt !== null)
          return refuse(reply, 403, 'device-disabled', 'This device has been disabled by the administrator.');
        const venue = await store.getVenue(device.venueId);
        if (!venue) return refuse(reply, 500, 'server-error', 'venue missing');
        return bundleFor(store, venue, body.since);
      },
    },
    {
      method: 'POST',
      url: '/api/v1/batches',
      summary:
        "Uploads up to 500 of a device's records, signed by its key; stored atomically and idempotently",
      schema: { body: S.signedBatch, response: { 200: S.ack, '4xx': S.problem } },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const signed = request.body as { batch: { deviceId: string } };
        const device = await store.getDevice(signed.batch.deviceId);
        if (!device) return refuse(reply, 401, 'unknown-device', 'This device is not enrolled.');
        const publicKey = fromBase64(device.publicKey);
        if (!publicKey) return refuse(reply, 500, 'server-error', 'device key damaged');
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
        const stored = await store.ingest(verified.value);
        if (!stored.ok) {
          const e = stored.error;
          if (e.kind === 'unknown-device')
            return refuse(reply, 401, 'unknown-device', 'This device is not enrolled.');
          if (e.kind === 'device-disabled')
            return refuse(
              reply,
              403,
              'device-disabled',
              'This device has been disabled by the administrator.',
            );
          request.log.warn({ deviceId: device.id, forks: e.forks }, 'chain fork refused');
          return refuse(reply, 409, 'chain-fork', 'These records contradict records already received.', {
            forks: e.forks,
          });
        }
        const ack = stored.value;
        if (ack.gaps.length) request.log.warn({ deviceId: device.id, gaps: ack.gaps }, 'chain gap flagged');
        return { ...ack, trustVersion: await store.trustVersion() };
      },
    },
    ...(opts.extraRoutes ?? []),
  ];

  for (const r of routes)
    app.route({
      method: r.method,
      url: r.url,
      schema: r.schema,
      handler: r.handler,
      ...(r.csp ? { helmet: { contentSecurityPolicy: { useDefaults: false, directives: r.csp } } } : {}),
    });
  const document = openApiDocument(routes);
  app.get('/openapi.json', async () => document);

  const dist = opts.distDir;
  if (dist && existsSync(join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, wildcard: true, index: ['index.html'] });
    // The app routes in the page (/enrol?token=…): any other page address gets the app shell.
    app.setNotFoundHandler((request, reply) => {
      if (
        request.method === 'GET' &&
        !request.url.startsWith('/api/') &&
        request.headers.accept?.includes('text/html')
      )
        return reply.sendFile('index.html');
      return refuse(reply, 404, 'not-found', `${request.method} ${request.url.split('?')[0]} does not exist`);
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      refuse(reply, 404, 'not-found', `${request.method} ${request.url.split('?')[0]} does not exist`),
    );
  }
  return app;
}
