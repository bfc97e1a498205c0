// The HTTP server: Fastify, one table of routes with JSON schemas (validated, and published as OpenAPI), pino logs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyHelmet from '@fastify/helmet';
import fastifyCookie from '@fastify/cookie';
import { MAX_BODY_BYTES } from '../core/wire.js';
import type { ServerDb } from './db/index.js';
import { isUnavailable } from './db/sql.js';
import { APP_CSP, PERMISSIONS_POLICY } from './headers.js';
import { RATE_LIMITED, registerLimits, type RateLimits } from './limits.js';
import { openApiDocument, type Route } from './openapi.js';
import { refuse } from './problem.js';
import { batchesRoute } from './routes/batches.js';
import { bundleRoute } from './routes/bundle.js';
import { enrolRoute } from './routes/enrol.js';
import { healthRoutes } from './routes/health.js';
import { trustRoutes } from './routes/trust.js';
import { consoleRoutes } from './routes/console.js';

/** How the server is set up. */
export interface ServerOptions {
  db: ServerDb;
  /** The built PWA to serve at `/`, when it exists. */
  distDir?: string | null;
  /** pino logging: false in tests, true (info) when serving. */
  logger?: boolean;
  /** Extra routes (the demo page). */
  extraRoutes?: Route[];
  /** How far a bundle request's time may be from the server's (ms). */
  requestSkewMs?: number;
  /** Requests per minute per client address and per device; none when not given (`serve` always gives them). */
  rateLimits?: RateLimits;
  /** How long a client may take to send its whole request (ms, default 30 s); then 408. */
  requestTimeoutMs?: number;
  /** Records decided longer ago are not stored (ms); null or absent keeps everything. */
  retentionMs?: number | null;
  /**
   * Addresses of the proxies in front (nginx, a load balancer) whose X-Forwarded-For is believed: the client's
   * address is then the one they saw, for logs and the per-address limit. None by default.
   */
  trustProxy?: string[];
}

/** A URL as logs show it: an enrolment token (in an old-style `?token=` link) never reaches a log. */
export const loggedUrl = (url: string): string => url.replace(/([?&#]token=)[^&#]*/g, '$1[redacted]');

const SERVER_ERROR = 'Something went wrong on the server. Try again later.';

/** Builds the Fastify app (not listening yet). */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { db } = opts;
  const requestTimeout = opts.requestTimeoutMs ?? 30_000;
  const app = Fastify({
    // pino JSON logs on stderr: stdout stays the command's own one-line answer.
    logger: opts.logger
      ? {
          level: process.env.LOG_LEVEL ?? 'info',
          stream: process.stderr,
          serializers: {
            req: (request: FastifyRequest) => ({
              method: request.method,
              url: loggedUrl(request.url),
              remoteAddress: request.ip,
            }),
          },
        }
      : false,
    bodyLimit: MAX_BODY_BYTES,
    // Behind a proxy every request comes from the proxy: without this, all clients would share one quota.
    // A client that is not one of the trusted proxies cannot make up its address with a header of its own.
    trustProxy: opts.trustProxy?.length ? opts.trustProxy : false,
    requestTimeout,
    // Node checks request timeouts on this interval (30 s by default): often enough that the timeout holds.
    // Its header timeout must not exceed the request timeout, or neither is enforced.
    http: {
      connectionsCheckingInterval: Math.min(1000, requestTimeout),
      headersTimeout: Math.min(60_000, requestTimeout),
    },
    // Bodies are signed: validation must never rewrite them (no type coercion, no defaults, nothing removed).
    ajv: { customOptions: { coerceTypes: false, useDefaults: false, removeAdditional: false } },
  });

  // Registered before any route, so its onRoute hook sees the routes' own policies (the demo page's).
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP },
    // helmet's defaults otherwise: COOP and CORP same-origin, Referrer-Policy no-referrer, nosniff,
    // Origin-Agent-Cluster, X-DNS-Prefetch-Control off, and HSTS (1 year, includeSubDomains), which browsers
    // heed only over HTTPS: phones reach the server through an HTTPS proxy, which passes it on.
    frameguard: { action: 'deny' },
  });
  // request.cookies and reply.setCookie, for the console's session cookie (console-auth.ts).
  await app.register(fastifyCookie);
  const limits = await registerLimits(app, opts.rateLimits ?? { perAddress: 0, perDevice: 0 });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('Permissions-Policy', PERMISSIONS_POLICY);
    // API answers and the demo page (its one-time enrolment token) are for this request only.
    if (request.url.startsWith('/api/') || request.url.startsWith('/demo'))
      reply.header('Cache-Control', 'no-store');
  });

  app.setErrorHandler(
    (error: { validation?: unknown; statusCode?: number; message: string }, request, reply) => {
      if (error.validation) return refuse(reply, 400, 'invalid-request', error.message);
      const status = error.statusCode ?? 500;
      if (status === 429) return refuse(reply, 429, ...RATE_LIMITED);
      // Fastify's own refusals of a request (too large, not JSON, too slow): their words are about the request.
      if (status >= 400 && status < 500)
        return refuse(reply, status, status === 413 ? 'too-large' : 'invalid-request', error.message);
      // The database's words (constraint names, encodings, timeouts) go to the log, never to the client.
      if (isUnavailable(error)) {
        request.log.warn({ err: error }, 'database unavailable');
        reply.header('Retry-After', '5');
        return refuse(reply, 503, 'unavailable', 'The server is busy. Try again in a few seconds.');
      }
      request.log.error({ err: error }, 'request failed');
      return refuse(reply, 500, 'server-error', SERVER_ERROR);
    },
  );

  const routes: Route[] = [
    ...healthRoutes(db),
    enrolRoute(db),
    bundleRoute(db, opts.requestSkewMs ?? 24 * 3600_000, limits.perDevice),
    ...trustRoutes(db),
    batchesRoute(db, { deviceLimit: limits.perDevice, retentionMs: opts.retentionMs ?? null }),
    ...(opts.extraRoutes ?? []),
    ...consoleRoutes(db, opts.distDir),
  ];
  for (const r of routes)
    app.route({
      method: r.method,
      url: r.url,
      schema: r.schema,
      handler: r.handler,
      ...(r.preValidation ? { preValidation: r.preValidation } : {}),
      ...(r.bodyLimit ? { bodyLimit: r.bodyLimit } : {}),
      ...(limits.perAddress && r.url.startsWith('/api/') ? { config: limits.perAddress } : {}),
      ...(r.csp ? { helmet: { contentSecurityPolicy: { useDefaults: false, directives: r.csp } } } : {}),
    });
  const document = openApiDocument(routes);
  app.get('/openapi.json', async () => document);

  const notFound = (method: string, url: string) => `${method} ${url.split('?')[0]} does not exist`;
  const dist = opts.distDir;
  if (dist && existsSync(join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, wildcard: true, index: ['index.html'] });
    // The app routes in the page (/enrol#token=…): any other page address gets the app shell.
    app.setNotFoundHandler((request, reply) => {
      if (
        request.method === 'GET' &&
        !request.url.startsWith('/api/') &&
        request.headers.accept?.includes('text/html')
      )
        return reply.sendFile('index.html');
      return refuse(reply, 404, 'not-found', notFound(request.method, request.url));
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      refuse(reply, 404, 'not-found', notFound(request.method, request.url)),
    );
  }
  return app;
}
