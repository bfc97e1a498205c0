// Issue 11 item 7, rate limits per client address, behind a reverse proxy (`serve --trust-proxy`): nginx in front
// makes every client come from its address, so without trust they all share one limit; with it, each client
// has its own, read from X-Forwarded-For. A client reaching the server past the proxy cannot choose an address
// with a header of its own: only the trusted proxy's headers are believed. Off by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt } from '../support/cli.js';
import { serveChild } from '../support/serve.js';
import { inProcessServer, sqliteBackend, type InProcessServer } from '../support/server.js';

const NGINX = '127.0.0.1';
const LIMIT = 3;

/** The statuses of `n` GETs of /api/v1/root from `remote`, each claiming to be for `forwardedFor`. */
async function statuses(s: InProcessServer, remote: string, forwardedFor: string, n: number) {
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      (
        await s.app.inject({
          method: 'GET',
          url: '/api/v1/root',
          remoteAddress: remote,
          headers: { 'x-forwarded-for': forwardedFor },
        })
      ).statusCode,
    );
  return out;
}

describe.each([
  // Trusting nginx: two clients behind it have a limit each.
  [NGINX, NGINX, [200, 200, 200], [200, 200, 200]],
  // Off (the default): everyone behind nginx shares its limit; the second client is refused.
  [undefined, NGINX, [200, 200, 200], [429, 429, 429]],
  // Someone past the proxy, inventing addresses: not believed, its own address takes the limit.
  [NGINX, '203.0.113.9', [200, 200, 200], [429, 429, 429]],
] as const)('--trust-proxy %s, requests from %s', (trustProxy, remote, first, second) => {
  let s: InProcessServer;
  beforeAll(async () => {
    s = await inProcessServer(sqliteBackend(), {
      rateLimits: { perAddress: LIMIT, perDevice: 0 },
      ...(trustProxy ? { trustProxy: [trustProxy] } : {}),
    });
  });
  afterAll(() => s.close());

  it(`answers client A ${first.join(' ')}, then client B ${second.join(' ')}`, async () => {
    expect(await statuses(s, remote, '198.51.100.1', LIMIT)).toEqual(first);
    expect(await statuses(s, remote, '198.51.100.2', LIMIT)).toEqual(second);
  });
});

describe('checkpoint serve --trust-proxy', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('believes the proxy it names: each forwarded client has its own limit', async () => {
    const backend = sqliteBackend();
    const serve = await serveChild(backend.location(), [
      '--trust-proxy',
      NGINX,
      '--rate-limit',
      String(LIMIT),
    ]);
    try {
      const get = (client: string) =>
        fetch(`${serve.url}/api/v1/root`, { headers: { 'x-forwarded-for': client } }).then((r) => r.status);
      for (let i = 0; i < LIMIT; i++) expect(await get('198.51.100.1')).toBe(200);
      expect(await get('198.51.100.1')).toBe(429);
      expect(await get('198.51.100.2')).toBe(200);
    } finally {
      await serve.stop();
      await backend.cleanup();
    }
  }, 60_000);

  it.each(['nginx', '127.0.0.1/99', '10.0.0.1,', '1'])(
    'refuses --trust-proxy %s as a usage error',
    async (bad) => {
      const run = await cli(['serve', '--trust-proxy', bad, '--port', '0', '--data', '/nonexistent']);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('--trust-proxy');
    },
  );
});
