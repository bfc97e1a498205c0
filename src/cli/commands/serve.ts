// `checkpoint serve`: the server for venues (or a whole city): enrolment, signed bundles, uploads, the PWA.
import { fileURLToPath } from 'node:url';
import { rootKeyId } from '../../core/bundle.js';
import { buildServer } from '../../server/app.js';
import { demoRoute, ensureDemo } from '../../server/demo.js';
import { DB_FLAGS, locationOf, openDb } from '../../server/db/open.js';
import { publicUrlOf } from '../../server/enrol-link.js';
import type { Route } from '../../server/openapi.js';
import { runWebhookDelivery } from '../../server/webhook-delivery.js';
import { EXIT, UsageError, parseFlags, type Command } from '../io.js';

const HELP = `checkpoint serve [--port 8080] [--host 0.0.0.0] [--data DIR | --database-url URL]
                [--public-url URL] [--retention-days 28] [--dist DIR] [--demo]
  Serves the API (OpenAPI at /openapi.json, /healthz) and the built PWA (dist/) at /.
  Storage: SQLite in --data (default ./data), or PostgreSQL with --database-url (or DATABASE_URL when --data is not given); the
  server keeps no state in memory, so several processes on one PostgreSQL act as one.
  The root key is made on first start. Records received more than --retention-days ago are purged
  every hour. --public-url is the address phones reach (used in enrolment links).
  --demo: a demo issuer and venue on first start, and /demo with sample codes and an enrolment QR.
  Prints one JSON line when listening; stops on SIGINT or SIGTERM.`;

const HOUR = 3_600_000;

/** `checkpoint serve`: the command. */
export const serve: Command = {
  summary: 'run the server (serve --port P --data DIR [--database-url URL])',
  help: HELP,
  async run(args, io) {
    const { values } = parseFlags(args, {
      ...DB_FLAGS,
      port: { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      'retention-days': { type: 'string' },
      dist: { type: 'string' },
      demo: { type: 'boolean' },
    });
    const port = values.port === undefined ? 8080 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port ${values.port}: expected 0–65535`);
    const retentionDays = values['retention-days'] === undefined ? 28 : Number(values['retention-days']);
    if (!(retentionDays >= 1)) throw new UsageError('--retention-days: at least 1');
    const db = await openDb(locationOf(values));
    const root = await db.meta.rootKey();
    const extraRoutes: Route[] = [];
    let demoVenue: string | null = null;
    if (values.demo) {
      const demo = await ensureDemo(db);
      demoVenue = demo.venueId;
      // Without --public-url the demo's link uses the address the page was opened at, so a phone scanning the
      // QR off a laptop's screen reaches this server rather than "localhost".
      extraRoutes.push(
        demoRoute(db, demo, async (request) =>
          values['public-url']
            ? publicUrlOf(db)
            : `${request.protocol}://${request.headers.host ?? 'localhost'}`,
        ),
      );
    }
    const dist = values.dist ?? fileURLToPath(new URL('../../../dist', import.meta.url));
    const app = await buildServer({ db, distDir: dist, logger: true, extraRoutes });
    const address = await app.listen({ port, host: values.host ?? '0.0.0.0' });
    const listening = new URL(address);
    const publicUrl = values['public-url'] ?? `http://localhost:${listening.port}`;
    await db.meta.set('server.publicUrl', publicUrl.replace(/\/+$/, ''));

    const purge = async () => {
      try {
        const out = await db.retention.purge(Date.now() - retentionDays * 24 * HOUR);
        if (out.days.length) app.log.info({ days: out.days, records: out.records }, 'retention purge');
        await db.reports.purge(Date.now() - retentionDays * 24 * HOUR);
      } catch (e) {
        app.log.error(e, 'retention purge failed');
      }
    };
    void purge();
    const timer = setInterval(() => void purge(), HOUR);
    timer.unref();
    // Reports to venues' webhooks, from the outbox in the database: a restart picks up where it stopped.
    const delivering = new AbortController();
    const delivery = runWebhookDelivery(db, delivering.signal, {
      onError: (detail) => app.log.warn(detail, 'webhook delivery failed'),
    });

    // One line, so a supervisor (or a test) can read it as soon as the server listens.
    io.stdout(
      JSON.stringify({
        url: publicUrl,
        port: Number(listening.port),
        database: db.sql.dialect,
        rootKey: { keyId: rootKeyId(root.publicKey), created: root.created },
        retentionDays,
        ...(demoVenue ? { demo: `${publicUrl}/demo`, demoVenue } : {}),
      }) + '\n',
    );

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    clearInterval(timer);
    delivering.abort();
    await delivery;
    await app.close();
    await db.close();
    return EXIT.ok;
  },
};
