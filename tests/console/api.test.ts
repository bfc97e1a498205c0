// The console's client: every call reaches its documented path (console-api.md), sends the session cookie
// (credentials same-origin) and the caller's AbortSignal, marks each state-changing call with the console
// header, and turns every failure into a typed error instead of throwing.
import { describe, expect, it, vi } from 'vitest';
import { createConsoleApi, type ConsoleApi } from '../../src/console/api.js';
import { AUTHORITY, fakeApi, report } from './fake-api.js';

type Call = [
  name: string,
  run: (api: ConsoleApi, s: AbortSignal) => Promise<unknown>,
  method: string,
  path: string,
];

const CALLS: Call[] = [
  ['me', (a, s) => a.me(s), 'GET', '/me'],
  ['signIn', (a, s) => a.signIn('token-123', s), 'POST', '/session'],
  ['signOut', (a, s) => a.signOut(s), 'DELETE', '/session'],
  [
    'reports',
    (a, s) => a.reports({ state: 'new', colour: 'red', limit: 50 }, s),
    'GET',
    '/reports?state=new&colour=red&limit=50',
  ],
  ['reportChanges', (a, s) => a.reportChanges('c 1', s), 'GET', '/reports/changes?since=c%201'],
  ['acknowledge', (a, s) => a.acknowledge('r/1', s), 'POST', '/reports/r%2F1/ack'],
  ['close', (a, s) => a.close('r1', 'handed over', s), 'POST', '/reports/r1/close'],
  ['stats', (a, s) => a.stats('v1', 14, s), 'GET', '/venues/v1/stats?days=14'],
  ['devices', (a, s) => a.devices('v1', s), 'GET', '/venues/v1/devices'],
  ['disableDevice', (a, s) => a.disableDevice('d1', s), 'POST', '/devices/d1/disable'],
  ['enrolments', (a, s) => a.enrolments('v1', s), 'GET', '/venues/v1/enrolments'],
  ['createEnrolment', (a, s) => a.createEnrolment('v1', 24, s), 'POST', '/venues/v1/enrolments'],
  ['expireEnrolment', (a, s) => a.expireEnrolment('v1', 'e1', s), 'DELETE', '/venues/v1/enrolments/e1'],
  ['summary', (a, s) => a.summary(s), 'GET', '/summary'],
];

describe('console API client', () => {
  it.each(CALLS)(
    '%s: %s %s with the cookie, the signal, and the console header on changes',
    async (_, run, method, path) => {
      const fake = fakeApi({ me: AUTHORITY });
      const api = createConsoleApi({ fetch: fake.fetch });
      const abort = new AbortController();
      await run(api, abort.signal);
      const [seen] = fake.seen;
      expect(seen).toMatchObject({ method, path, credentials: 'same-origin' });
      expect(seen?.signal).toBe(abort.signal);
      expect(seen?.headers['X-Checkpoint-Console']).toBe(method === 'GET' ? undefined : '1');
    },
  );

  it('sends the bodies the API documents', async () => {
    const fake = fakeApi({ me: AUTHORITY, reports: [report('r1', '2026-11-20T08:00:00Z')] });
    const api = createConsoleApi({ fetch: fake.fetch });
    await api.signIn('token-123');
    await api.close('r1', 'handed to the community station');
    await api.createEnrolment('v1', 12);
    expect(fake.seen.map((s) => s.body)).toEqual([
      { token: 'token-123' },
      { outcome: 'handed to the community station' },
      { ttlHours: 12 },
    ]);
  });

  it('answers the parsed body, and null for 204', async () => {
    const fake = fakeApi({ me: AUTHORITY });
    const api = createConsoleApi({ fetch: fake.fetch });
    expect(await api.me()).toEqual({ ok: true, value: AUTHORITY });
    expect(await api.signOut()).toEqual({ ok: true, value: null });
  });

  it.each([
    [401, { error: 'signed-out' }, 'signed-out', true],
    [401, {}, 'signed-out', true],
    [401, { error: 'bad-token' }, 'bad-token', false],
    [403, { error: 'csrf' }, 'csrf', false],
    [403, { error: 'forbidden' }, 'forbidden', false],
    [404, { error: 'not-found' }, 'not-found', false],
    [400, { error: 'bad-request', message: 'outcome too long' }, 'bad-request', false],
    // Fastify's schema validation answers with the server's general code; it is a bad request all the same.
    [400, { error: 'invalid-request', message: 'body/outcome too long' }, 'bad-request', false],
    [500, { error: 'server-error' }, 'server', false],
    [502, 'not json', 'server', false],
  ] as const)('HTTP %i %j is the error %s (session ended: %s)', async (status, body, code, ended) => {
    const onSignedOut = vi.fn();
    const fetch = async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
    const r = await createConsoleApi({ fetch, onSignedOut }).me();
    expect(r).toMatchObject({ ok: false, error: { code, status } });
    expect(onSignedOut).toHaveBeenCalledTimes(ended ? 1 : 0);
  });

  it('keeps the server message for people to read', async () => {
    const fetch = async () =>
      new Response(JSON.stringify({ error: 'bad-request', message: 'outcome too long' }), {
        status: 400,
      });
    expect(await createConsoleApi({ fetch }).close('r1', 'x')).toMatchObject({
      error: { message: 'outcome too long' },
    });
  });

  it('turns a network failure, an abort and a 200 that is not JSON into typed errors', async () => {
    const down = createConsoleApi({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await down.me()).toMatchObject({
      ok: false,
      error: { code: 'network', status: 0, message: 'Failed to fetch' },
    });
    const abort = new AbortController();
    abort.abort();
    const aborted = createConsoleApi({ fetch: fakeApi({ me: AUTHORITY }).fetch });
    expect(await aborted.me(abort.signal)).toMatchObject({ ok: false, error: { code: 'aborted' } });
    const html = createConsoleApi({ fetch: async () => new Response('<html>', { status: 200 }) });
    expect(await html.me()).toMatchObject({ ok: false, error: { code: 'server', status: 200 } });
  });

  it('links the CSV export of a day under the venue', () => {
    const api = createConsoleApi({ fetch: fakeApi().fetch });
    expect(api.exportUrl('v 1', '2026-11-20')).toBe('/api/console/v1/venues/v%201/export?day=2026-11-20');
  });
});
