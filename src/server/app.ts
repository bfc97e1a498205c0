// The HTTP server: Fastify, one table of routes with JSON schemas (validated, and published as OpenAPI), pino logs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyHelmet from '@fastify/helmet';
import type { ServerDb } from './db/index.js';
import { APP_CSP, PERMISSIONS_POLICY } from './headers.js';
import { openApiDocument, type Route } from './openapi.js';
import { refuse } from './problem.js';
import { batchesRoute } from './routes/batches.js';
import { bundleRoute } from './routes/bundle.js';
import { enrolRoute } from './routes/enrol.js';
import { healthRoutes } from './routes/health.js';
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
}

/** Builds the Fastify app (not listening yet). */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { db } = opts;
  const app = Fastify({
    // pino JSON logs on stderr: stdout stays the command's own one-line answer.
    logger: opts.logger ? { level: process.env.LOG_LEVEL ?? 'info', stream: process.stderr } : false,
    bodyLimit: 8 * 1024 * 1024,
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
    ...healthRoutes(db),
    enrolRoute(db),
    bundleRoute(db, opts.requestSkewMs ?? 24 * 3600_000),
    batchesRoute(db),
    ...(opts.extraRoutes ?? []),
    ...consoleRoutes(db, opts.distDir),
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
