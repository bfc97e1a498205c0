// `checkpoint serve`: the server for venues (or a whole city): enrolment, signed bundles, uploads, the PWA.
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { rootKeyId } from '../../core/bundle.js';
import { buildServer } from '../../server/app.js';
import { ensureDemo, retireDemo } from '../../server/demo.js';
import { demoRoute } from '../../server/demo-page.js';
import { DB_FLAGS, locationOf, openDb } from '../../server/db/open.js';
import { DEFAULT_PG_TIMEOUTS } from '../../server/db/postgres.js';
import { publicUrlOf } from '../../server/enrol-link.js';
import { DEFAULT_RATE_LIMITS } from '../../server/limits.js';
import type { Route } from '../../server/openapi.js';
import { runWebhookDelivery } from '../../server/webhook-delivery.js';
import { EXIT, UsageError, parseFlags, type Command } from '../io.js';
import { parseDuration, stringFlags, switchFlags } from './flags.js';

const HELP = `checkpoint serve [--port 8080] [--host 0.0.0.0] [--data DIR | --database-url URL]
                [--public-url URL] [--retention-days 28] [--dist DIR] [--demo [--allow-public-demo]]
                [--rate-limit 600] [--device-rate-limit 120] [--request-timeout 30s] [--db-timeout 15s]
                [--trust-proxy ADDRESSES] [--db-pool 10]
  Serves the API (OpenAPI at /openapi.json, /healthz) and the built PWA (dist/) at /.
  Storage: SQLite in --data (default ./data), or PostgreSQL with --database-url (or DATABASE_URL when --data is not given); the
  server keeps no state in memory, so several processes on one PostgreSQL act as one.
  The root key is made on first start. Records received more than --retention-days ago are purged
  every hour, and records decided longer ago than that are not accepted. --public-url is the address phones
  reach (used in enrolment links and on /demo).
  --demo: a demo issuer and venue on first start, and /demo with sample codes and an enrolment QR; the demo
  issuer is trusted by the demo venue's devices only, and revoked whenever the server starts without --demo.
  With --demo the server listens on 127.0.0.1 unless --host is given; a --host other than loopback needs
  --allow-public-demo.
  --rate-limit: API requests per minute per client address; --device-rate-limit: per enrolled device (0: off).
  Over the limit the answer is 429 with Retry-After. Limits are counted per process: N servers behind a load
  balancer allow up to N times the rate (the balancer should limit per address too; docs/deploy.md).
  --trust-proxy: behind a reverse proxy (nginx), the proxy's addresses or CIDR ranges, comma-separated (e.g.
  127.0.0.1): their X-Forwarded-For/-Proto/-Host are believed, so rate limits and logs see each client's own
  address; a client that is not one of them cannot choose its address with such a header. Default: no proxy is trusted (every client behind one shares its limit).
  --db-pool: PostgreSQL connections this process may hold (N servers hold N times as many).
  --request-timeout: how long a client may take to send a request (then 408); --db-timeout: how long a
  PostgreSQL statement or connection may take (then 503 with Retry-After).
  Prints one JSON line when listening; stops on SIGINT or SIGTERM.`;

const HOUR = 3_600_000;

/** True for an address only this machine can reach. */
export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

function count(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${flag} ${value}: expected a whole number, 0 for none`);
  return n;
}

function duration(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) throw new UsageError(`${flag} ${value}: expected a duration such as 30s or 2m`);
  return ms;
}

/** `checkpoint serve`: the command. */
// --trust-proxy: addresses and CIDR ranges (checked here so a typo is a usage error, not a crash at start).
function proxies(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => p.trim());
  const valid = (part: string) => {
    const [address = '', prefix, ...rest] = part.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    return (
      family > 0 &&
      rest.length === 0 &&
      (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max))
    );
  };
  if (!parts.every(valid))
    throw new UsageError(`--trust-proxy ${value}: expected addresses or CIDR ranges (127.0.0.1,10.0.0.0/8)`);
  return parts;
}

export const serve: Command = {
  summary: 'run the server (serve --port P --data DIR [--database-url URL])',
  help: HELP,
  async run(args, io) {
    const { values } = parseFlags(args, {
      ...DB_FLAGS,
      ...stringFlags(
        'port',
        'host',
        'public-url',
        'retention-days',
        'dist',
        'rate-limit',
        'device-rate-limit',
      ),
      ...stringFlags('request-timeout', 'db-timeout', 'trust-proxy', 'db-pool'),
      ...switchFlags('demo', 'allow-public-demo'),
    });
    const port = values.port === undefined ? 8080 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port ${values.port}: expected 0–65535`);
    const retentionDays = values['retention-days'] === undefined ? 28 : Number(values['retention-days']);
    if (!(retentionDays >= 1)) throw new UsageError('--retention-days: at least 1');
    const host = values.host ?? (values.demo ? '127.0.0.1' : '0.0.0.0');
    if (values.demo && !isLoopback(host) && !values['allow-public-demo'])
      throw new UsageError(
        `--demo on --host ${host}: the demo hands out enrolment links and trusts a demo issuer whose secret is on this server; serve it on 127.0.0.1, or add --allow-public-demo`,
      );
    const rateLimits = {
      perAddress: count(values['rate-limit'], DEFAULT_RATE_LIMITS.perAddress, '--rate-limit'),
      perDevice: count(values['device-rate-limit'], DEFAULT_RATE_LIMITS.perDevice, '--device-rate-limit'),
    };
    const trustProxy = proxies(values['trust-proxy']);
    const requestTimeoutMs = duration(values['request-timeout'], 30_000, '--request-timeout');
    const statementMs = duration(values['db-timeout'], DEFAULT_PG_TIMEOUTS.statementMs, '--db-timeout');
    const poolSize = count(values['db-pool'], 10, '--db-pool');
    if (poolSize < 1) throw new UsageError('--db-pool: at least 1');
    const db = await openDb(
      locationOf(values),
      { statementMs, connectMs: Math.min(statementMs, DEFAULT_PG_TIMEOUTS.connectMs) },
      poolSize,
    );
    const root = await db.meta.rootKey();
    const extraRoutes: Route[] = [];
    let demoVenue: string | null = null;
    if (values.demo) {
      const demo = await ensureDemo(db);
      demoVenue = demo.venueId;
      extraRoutes.push(demoRoute(db, demo, () => publicUrlOf(db)));
    } else {
      await retireDemo(db);
    }
    const dist = values.dist ?? fileURLToPath(new URL('../../../dist', import.meta.url));
    const app = await buildServer({
      db,
      distDir: dist,
      logger: true,
      extraRoutes,
      rateLimits,
      requestTimeoutMs,
      retentionMs: retentionDays * 24 * HOUR,
      ...(trustProxy === undefined ? {} : { trustProxy }),
    });
    const address = await app.listen({ port, host });
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
