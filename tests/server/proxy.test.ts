// Behind a load balancer (issue 14's cluster: nginx in front of N serve processes) every request arrives from
// the balancer's address. With --trust-proxy naming it, the client's own address (X-Forwarded-For) is the one
// the per-address limit counts; without it, every client behind the balancer would share one quota.
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessServer, type InProcessServer } from '../support/server.js';

describe('the per-address limit behind a proxy', () => {
  let server: InProcessServer | undefined;
  afterEach(async () => server?.close());

  it.each([
    { trustProxy: ['127.0.0.1'], expected: [200, 200, 200, 200], what: 'counts each client (trusted proxy)' },
    { trustProxy: [], expected: [200, 200, 429, 429], what: 'counts the proxy as one client (not trusted)' },
  ])('$what', async ({ trustProxy, expected }) => {
    server = await inProcessServer(undefined, { rateLimits: { perAddress: 2, perDevice: 0 }, trustProxy });
    const statuses: number[] = [];
    for (const client of ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2']) {
      const res = await server.app.inject({
        method: 'GET',
        url: '/api/v1/root',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': client },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual(expected);
  });
});
