// Who may do what in the console API (issue 13), over HTTP, on SQLite and PostgreSQL: a manager of venue A can
// neither see nor change venue B (404, never revealing it exists); only the authority acknowledges and closes;
// a signed-out, revoked or expired session is refused; a change without our header and Origin (CSRF) is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, locationArgs } from '../support/cli.js';
import {
  consoleRequest,
  suiteWorld,
  HOST,
  ORIGIN,
  pageHeaders,
  signIn,
  type ConsoleClient,
} from '../support/console.js';
import { BACKENDS } from '../support/server.js';

const today = new Date().toISOString().slice(0, 10);

describe.each(BACKENDS)('console access on $name', ({ make }) => {
  const world = suiteWorld(make);
  let managerA: ConsoleClient;
  let enrolmentB: string;

  beforeAll(async () => {
    managerA = await signIn(world, 'manager', [world.a.id]);
    await world.db.devices.createEnrolToken(world.b.id, 3_600_000);
    enrolmentB = (await world.db.enrolments.ofVenue(world.b.id))[0]!.id;
  });

  // Each request names a venue; asked of B by A's manager it is refused as not found, asked of A it answers.
  const requests = (v: 'a' | 'b'): [string, (c: ConsoleClient) => ReturnType<ConsoleClient['get']>][] => {
    const venue = () => world[v];
    return [
      ['reports of the venue', (c) => c.get(`/reports?venue=${venue().id}`)],
      ['stats', (c) => c.get(`/venues/${venue().id}/stats?days=1`)],
      ['devices', (c) => c.get(`/venues/${venue().id}/devices`)],
      ['enrolment links', (c) => c.get(`/venues/${venue().id}/enrolments`)],
      ['a new enrolment link', (c) => c.post(`/venues/${venue().id}/enrolments`, { ttlHours: 1 })],
      [
        'expiring a link',
        (c) => c.del(`/venues/${venue().id}/enrolments/${v === 'b' ? enrolmentB : 'x'.repeat(64)}`),
      ],
      ['the export', (c) => c.get(`/venues/${venue().id}/export?day=${today}`)],
    ];
  };

  it.each(requests('b').map(([name], i) => [name, i]))(
    "refuses A's manager B's %s with 404 not-found",
    async (_name, i) => {
      const res = await requests('b')[i]![1](managerA);
      expect([res.statusCode, res.json()]).toEqual([404, { error: 'not-found' }]);
    },
  );

  it.each(
    requests('a')
      .slice(0, 5)
      .map(([name], i) => [name, i]),
  )("answers A's manager A's %s", async (_n, i) => {
    expect((await requests('a')[i]![1](managerA)).statusCode).toBe(200);
  });

  it("refuses A's manager B's device, and B's report in every form; B stays as it was", async () => {
    expect((await managerA.post(`/devices/${world.b.device.id}/disable`)).statusCode).toBe(404);
    expect((await world.db.devices.get(world.b.device.id))?.disabledAt).toBeNull();
    for (const action of ['ack', 'close'])
      expect(
        (await managerA.post(`/reports/${world.b.reportId}/${action}`, { outcome: 'x' })).json(),
      ).toEqual({
        error: 'not-found',
      });
    expect((await world.db.reports.get(world.b.reportId))?.state).toBe('new');
    const all = (await managerA.get('/reports')).json() as { reports: { venueId: string }[]; cursor: string };
    const changed = (await managerA.get('/reports/changes')).json() as { reports: { venueId: string }[] };
    expect([...all.reports, ...changed.reports].map((r) => r.venueId)).toEqual([world.a.id, world.a.id]);
    const me = (await managerA.get('/me')).json() as { venues: { id: string }[] };
    expect(me.venues.map((v) => v.id)).toEqual([world.a.id]);
  });

  it('lets a manager read but not acknowledge, close or see the summary (403 forbidden)', async () => {
    for (const res of [
      await managerA.post(`/reports/${world.a.reportId}/ack`),
      await managerA.post(`/reports/${world.a.reportId}/close`, { outcome: 'x' }),
      await managerA.get('/summary'),
    ])
      expect([res.statusCode, res.json()]).toEqual([403, { error: 'forbidden' }]);
    expect((await world.db.reports.get(world.a.reportId))?.state).toBe('new');
  });

  it('refuses a revoked session, a signed-out one, a used token and no cookie (401)', async () => {
    const revoked = await signIn(world, 'authority', [], 'revoke-me');
    expect((await revoked.get('/me')).statusCode).toBe(200);
    const run = await cli([
      'console',
      'revoke',
      '--label',
      'revoke-me',
      ...locationArgs(world.backend.location()),
    ]);
    expect(run.json).toEqual({ revoked: 1 });
    expect([(await revoked.get('/me')).statusCode, (await revoked.get('/reports')).json()]).toEqual([
      401,
      { error: 'signed-out' },
    ]);
    const leaving = await signIn(world, 'authority');
    expect((await leaving.del('/session')).statusCode).toBe(204);
    expect((await leaving.get('/me')).statusCode).toBe(401);
    const { token } = await world.db.console.grant({
      role: 'authority',
      venueIds: [],
      label: 'once',
      sessionTtlMs: 1,
    });
    const once = { method: 'POST' as const, url: '/session', headers: pageHeaders(), payload: { token } };
    expect((await consoleRequest(world.app, once)).statusCode).toBe(200);
    expect((await consoleRequest(world.app, once)).json()).toEqual({ error: 'bad-token' });
    expect((await consoleRequest(world.app, { method: 'GET', url: '/me' })).json()).toEqual({
      error: 'signed-out',
    });
  });

  it('writes an audit-log row for each sign-in and sign-out, under the session’s label and role', async () => {
    const leaving = await signIn(world, 'manager', [world.a.id], 'audited-manager');
    expect((await leaving.del('/session')).statusCode).toBe(204);
    const rows = (await world.db.console.auditLog()).filter((e) => e.label === 'audited-manager');
    expect(rows.map((e) => [e.role, e.action, e.target, e.detail]).sort()).toEqual([
      ['manager', 'session.sign-in', 'audited-manager', {}],
      ['manager', 'session.sign-out', 'audited-manager', {}],
    ]);
  });

  it('expires a session after its time', async () => {
    const { token } = await world.db.console.grant({
      role: 'authority',
      venueIds: [],
      label: 'short',
      sessionTtlMs: 1,
    });
    const res = await consoleRequest(world.app, {
      method: 'POST',
      url: '/session',
      headers: pageHeaders(),
      payload: { token },
    });
    await new Promise((r) => setTimeout(r, 5));
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect(
      (await consoleRequest(world.app, { method: 'GET', url: '/me', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it.each([
    ['no cookie', { host: HOST, origin: ORIGIN, 'x-checkpoint-console': '1' }, 401, 'signed-out'],
    [
      'a foreign Origin',
      { host: HOST, origin: 'https://evil.example', 'x-checkpoint-console': '1' },
      403,
      'csrf',
    ],
    ['no X-Checkpoint-Console header', { host: HOST, origin: ORIGIN }, 403, 'csrf'],
    [
      'no Origin from another site',
      { host: HOST, 'sec-fetch-site': 'cross-site', 'x-checkpoint-console': '1' },
      403,
      'csrf',
    ],
    ['no Origin and no Sec-Fetch-Site', { host: HOST, 'x-checkpoint-console': '1' }, 403, 'csrf'],
  ] as const)('refuses a change with %s', async (_name, headers, status, error) => {
    const authority = await signIn(world, 'authority');
    const withCookie = status === 401 ? headers : { ...headers, cookie: authority.cookie };
    for (const req of [
      { url: `/reports/${world.a.reportId}/ack` },
      { url: `/reports/${world.a.reportId}/close`, payload: { outcome: 'x' } },
      { url: `/devices/${world.a.device.id}/disable` },
      { url: '/session', payload: { token: 'x'.repeat(43) } },
    ]) {
      const res = await consoleRequest(world.app, { method: 'POST', headers: { ...withCookie }, ...req });
      if (req.url === '/session' && status === 401) continue;
      expect([res.statusCode, res.json()]).toEqual([status, { error }]);
    }
    expect((await world.db.reports.get(world.a.reportId))?.state).toBe('new');
    expect((await world.db.devices.get(world.a.device.id))?.disabledAt).toBeNull();
  });

  it('accepts a change without Origin only when the browser says it is same-origin', async () => {
    const authority = await signIn(world, 'authority');
    const res = await consoleRequest(world.app, {
      method: 'POST',
      url: `/reports/${world.b.reportId}/ack`,
      headers: {
        host: HOST,
        'sec-fetch-site': 'same-origin',
        'x-checkpoint-console': '1',
        cookie: authority.cookie,
      },
    });
    expect([res.statusCode, (res.json() as { state: string }).state]).toEqual([200, 'acknowledged']);
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, Path=/, and Secure where the server is HTTPS', async () => {
    const grant = () =>
      world.db.console.grant({ role: 'authority', venueIds: [], label: 'c', sessionTtlMs: 3_600_000 });
    const cookieOf = async () =>
      String(
        (
          await consoleRequest(world.app, {
            method: 'POST',
            url: '/session',
            headers: pageHeaders(),
            payload: { token: (await grant()).token },
          })
        ).headers['set-cookie'],
      );
    // The cookie's value first, then its attributes in any order (a cookie library chooses the order).
    const parts = async () => {
      const [value, ...attributes] = (await cookieOf()).split('; ');
      return { value, attributes: attributes.sort() };
    };
    expect(await parts()).toEqual({
      value: expect.stringMatching(/^cp_console=[A-Za-z0-9_-]{43}$/),
      attributes: ['HttpOnly', 'Max-Age=3600', 'Path=/', 'SameSite=Strict'],
    });
    await world.db.meta.set('server.publicUrl', 'https://checkpoint.example');
    try {
      expect((await parts()).attributes).toEqual([
        'HttpOnly',
        'Max-Age=3600',
        'Path=/',
        'SameSite=Strict',
        'Secure',
      ]);
    } finally {
      await world.db.meta.set('server.publicUrl', 'http://localhost:8080');
    }
  });
});
