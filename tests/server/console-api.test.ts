// The console API's answers (issue 13), over HTTP, on SQLite and PostgreSQL: the authority acknowledges and
// closes a report and the venue's manager sees the new state; figures per hour, devices, enrolment links, a
// day's export and the authority's summary; and nothing beyond masked names, last 4 and pseudonymous ids.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/cli/commands/export.js';
import type { ConsoleDevice, Report, ReportPage, StatsHour, Summary } from '../../src/core/console-wire.js';
import type { DecisionRecord } from '../../src/core/log.js';
import { cli, locationArgs } from '../support/cli.js';
import { suiteWorld, HOST, SEALED, signIn, type ConsoleClient } from '../support/console.js';
import { BACKENDS, inProcessServer, sqliteBackend } from '../support/server.js';

const REPORT_KEYS = [
  'id',
  'venueId',
  'venueName',
  'region',
  'deviceId',
  'recordId',
  'at',
  'colour',
  'maskedName',
  'idLast4',
  'subject',
  'rule',
  'cite',
  'staff',
  'state',
  'acknowledgedBy',
  'acknowledgedAt',
  'closedBy',
  'closedAt',
  'outcome',
  'delivery',
].sort();

describe.each(BACKENDS)('console API on $name', ({ make }) => {
  const world = suiteWorld(make);
  let authority: ConsoleClient;
  let managerA: ConsoleClient;

  beforeAll(async () => {
    authority = await signIn(world, 'authority', [], 'health-office');
    managerA = await signIn(world, 'manager', [world.a.id], 'manager-a');
  });

  it('lets the authority acknowledge and close a report; the manager then sees the new state', async () => {
    const before = (await managerA.get('/reports')).json() as ReportPage;
    expect(before.reports.map((r) => [r.id, r.state])).toEqual([[world.a.reportId, 'new']]);
    const acked = (await authority.post(`/reports/${world.a.reportId}/ack`)).json() as Report;
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'health-office' });
    const closing = await authority.post(`/reports/${world.a.reportId}/close`, {
      outcome: '  handed over  ',
    });
    expect(closing.json()).toMatchObject({
      state: 'closed',
      closedBy: 'health-office',
      outcome: 'handed over',
    });
    const changes = (await managerA.get(`/reports/changes?since=${before.cursor}`)).json() as ReportPage;
    expect(changes.reports.map((r) => [r.id, r.state, r.outcome])).toEqual([
      [world.a.reportId, 'closed', 'handed over'],
    ]);
    expect(((await managerA.get('/reports?state=closed')).json() as ReportPage).reports).toHaveLength(1);
    const again = (await managerA.get(`/reports/changes?since=${changes.cursor}`)).json() as ReportPage;
    expect(again.reports).toEqual([]);
    const audit = (await world.db.console.auditLog()).filter((e) => e.target === world.a.reportId);
    expect(audit.map((e) => [e.label, e.role, e.action])).toEqual([
      ['health-office', 'authority', 'report.close'],
      ['health-office', 'authority', 'report.acknowledge'],
    ]);
  });

  it('refuses a bad cursor, an empty outcome and an unknown report by name', async () => {
    expect((await authority.get('/reports?after=nonsense')).json()).toEqual({ error: 'bad-request' });
    expect((await authority.post(`/reports/${world.b.reportId}/close`, { outcome: '   ' })).json()).toEqual({
      error: 'bad-request',
    });
    expect((await authority.post('/reports/no-such/ack')).json()).toEqual({ error: 'not-found' });
  });

  it('filters the queue by venue, colour, state and region, newest first', async () => {
    const all = (await authority.get('/reports')).json() as ReportPage;
    expect(all.reports.map((r) => r.venueId)).toEqual([world.b.id, world.a.id]);
    const red = (
      await authority.get(`/reports?colour=red&region=CN-ZJ&venue=${world.b.id}`)
    ).json() as ReportPage;
    expect(red.reports.map((r) => r.id)).toEqual([world.b.reportId]);
    expect(((await authority.get('/reports?colour=yellow')).json() as ReportPage).reports).toEqual([]);
    expect(((await authority.get('/reports?region=CN-YN')).json() as ReportPage).reports).toEqual([]);
  });

  it('counts a venue’s decisions per hour: admits, denies, overrides, manual entries, reports', async () => {
    const { hours } = (await managerA.get(`/venues/${world.a.id}/stats?days=1`)).json() as {
      hours: StatsHour[];
    };
    expect(hours).toHaveLength(48);
    const sum = (k: keyof Omit<StatsHour, 'hour'>) => hours.reduce((n, h) => n + h[k], 0);
    expect([sum('admits'), sum('denies'), sum('overrides'), sum('manual'), sum('reports')]).toEqual([
      1, 1, 0, 1, 1,
    ]);
    const reported = hours.find((h) => h.reports === 1)!;
    expect(Date.now() - Date.parse(reported.hour)).toBeGreaterThanOrEqual(3_600_000 - 60_000);
    expect((await managerA.get(`/venues/${world.a.id}/stats?days=14`)).json()).toMatchObject({
      hours: { length: 15 * 24 },
    });
  });

  it('lists a venue’s devices with last sync, trust data age, chain problems and the staff on shift', async () => {
    await world.db.deviceStatus.noteBundle(world.b.device.id, 3, Date.now() - 2 * 3_600_000);
    const { devices } = (await authority.get(`/venues/${world.b.id}/devices`)).json() as {
      devices: ConsoleDevice[];
    };
    expect(devices).toEqual([
      {
        id: world.b.device.id,
        label: '',
        enrolledAt: expect.any(String),
        lastSyncAt: expect.any(String),
        trustVersion: 3,
        trustAgeHours: 2,
        pendingGaps: 0,
        forks: 0,
        staff: 'No. 9',
        disabled: false,
      },
    ]);
  });

  it('makes, lists and expires enrolment links, and disables a device, each an audit-log row', async () => {
    const made = (await managerA.post(`/venues/${world.a.id}/enrolments`, { ttlHours: 2 })).json() as {
      link: string;
      expiresAt: string;
    };
    expect(made.link).toMatch(/\/enrol#token=[A-Za-z0-9_-]+&root=/);
    const listed = (await managerA.get(`/venues/${world.a.id}/enrolments`)).json() as {
      enrolments: { id: string; used: boolean; expiresAt: string }[];
    };
    const link = listed.enrolments.find((e) => e.expiresAt === made.expiresAt)!;
    expect(link.used).toBe(false);
    expect(JSON.stringify(listed)).not.toContain(
      new URLSearchParams(new URL(made.link).hash.slice(1)).get('token'),
    );
    expect((await managerA.del(`/venues/${world.a.id}/enrolments/${link.id}`)).statusCode).toBe(204);
    const after = (await managerA.get(`/venues/${world.a.id}/enrolments`)).json() as typeof listed;
    expect(Date.parse(after.enrolments.find((e) => e.id === link.id)!.expiresAt)).toBeLessThanOrEqual(
      Date.now(),
    );
    expect((await managerA.post(`/devices/${world.a.device.id}/disable`)).json()).toEqual({
      id: world.a.device.id,
      disabled: true,
    });
    expect((await world.db.devices.get(world.a.device.id))?.disabledAt).not.toBeNull();
    const actions = (await world.db.console.auditLog())
      .filter((e) => e.label === 'manager-a')
      .map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['enrolment.create', 'enrolment.expire', 'device.disable']),
    );
  });

  it('exports a venue’s day as CSV with the export’s columns, neutralised cells and no sealed data', async () => {
    const records: DecisionRecord[] = [];
    for await (const r of world.db.records.export({ venueId: world.a.id })) records.push(r.record);
    const day = records[0]!.at.slice(0, 10);
    const res = await managerA.get(`/venues/${world.a.id}/export?day=${day}`);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.length - 1).toBe(records.filter((r) => r.at.startsWith(day)).length);
    // Who was on shift: the red code's record, the day's first, names No. 7 (consoleWorld).
    expect(records[0]).toMatchObject({ staff: 'No. 7' });
    const red = lines.find((l) => l.startsWith(`${records[0]!.id},`))!;
    expect(red.split(',')[CSV_COLUMNS.indexOf('staff')]).toBe('No. 7');
    expect(res.body).not.toContain(SEALED);
  });

  it('summarises for the authority: trust, abnormal codes by venue and hour, devices gone quiet', async () => {
    await world.db.sql.run('UPDATE devices SET last_seen_at = 1 WHERE id = $1', [world.b.device.id]);
    const summary = (await authority.get('/summary')).json() as Summary;
    expect(summary).toMatchObject({ trustVersion: expect.any(Number), issuers: [], revocations: 0 });
    expect(summary.byVenueHour.map((v) => [v.venueId, v.red, v.yellow]).sort()).toEqual(
      [
        [world.a.id, 1, 0],
        [world.b.id, 1, 0],
      ].sort(),
    );
    expect(summary.staleDevices).toEqual([
      { id: world.b.device.id, venueId: world.b.id, lastSyncAt: new Date(1).toISOString() },
    ]);
  });

  it('returns nothing beyond masked names, last 4 and pseudonymous ids: no sealed data, no record bodies', async () => {
    const bodies: string[] = [];
    for (const c of [authority, managerA])
      for (const path of [
        '/me',
        '/reports',
        '/reports/changes',
        `/venues/${world.a.id}/stats`,
        `/venues/${world.a.id}/devices`,
        `/venues/${world.a.id}/enrolments`,
        `/venues/${world.a.id}/export?day=${new Date().toISOString().slice(0, 10)}`,
      ])
        bodies.push((await c.get(path)).body);
    bodies.push((await authority.get('/summary')).body);
    for (const body of bodies) {
      expect(body).not.toContain(SEALED);
      expect(body).not.toMatch(/"(hash|prevHash|sealed|temperature|body)"/);
    }
    const { reports } = (await authority.get('/reports')).json() as ReportPage;
    for (const r of reports) expect(Object.keys(r).sort()).toEqual(REPORT_KEYS);
  });

  it('grants sign-in links from the CLI: usable once, for existing venues only', async () => {
    const where = locationArgs(world.backend.location());
    const granted = await cli([
      'console',
      'grant',
      '--role',
      'manager',
      '--venue',
      world.b.id,
      '--label',
      'mb',
      ...where,
    ]);
    expect(granted.json).toEqual({
      link: expect.stringMatching(/\/console\/#signin=[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
    });
    const token = String(granted.json!.link).split('#signin=')[1];
    const post = () =>
      world.app.inject({
        method: 'POST',
        url: '/api/console/v1/session',
        headers: { host: HOST, origin: `http://${HOST}`, 'x-checkpoint-console': '1' },
        payload: { token },
      });
    expect((await post()).json()).toEqual({
      role: 'manager',
      label: 'mb',
      venues: [{ id: world.b.id, name: 'Mall', category: 'mall', region: 'CN-ZJ' }],
    });
    expect((await post()).statusCode).toBe(401);
    expect((await cli(['console', 'grant', '--role', 'manager', '--venue', 'nope', ...where])).code).toBe(1);
    expect(
      (await cli(['console', 'grant', '--role', 'authority', '--venue', world.a.id, ...where])).code,
    ).toBe(2);
    expect((await cli(['console', 'revoke', ...where])).code).toBe(2);
  });
});

describe('the console in OpenAPI', () => {
  it('publishes every console route with its schemas', async () => {
    const s = await inProcessServer(sqliteBackend());
    try {
      const doc = (await s.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      const consolePaths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/console/v1/'));
      expect(consolePaths.sort()).toEqual(
        [
          '/session',
          '/me',
          '/reports',
          '/reports/changes',
          '/reports/{id}/ack',
          '/reports/{id}/close',
          '/venues/{id}/stats',
          '/venues/{id}/devices',
          '/venues/{id}/enrolments',
          '/venues/{id}/enrolments/{eid}',
          '/devices/{id}/disable',
          '/venues/{id}/export',
          '/summary',
        ]
          .map((p) => `/api/console/v1${p}`)
          .sort(),
      );
      expect(doc.paths['/api/console/v1/reports']?.get?.responses['4XX']).toBeDefined();
    } finally {
      await s.close();
    }
  });
});

describe('the console page', () => {
  it('is a clear 404 until dist/console.html is built', async () => {
    const s = await inProcessServer(sqliteBackend());
    try {
      const res = await s.app.inject({ method: 'GET', url: '/console' });
      expect([res.statusCode, res.json()]).toEqual([
        404,
        { error: 'not-found', message: expect.stringContaining('dist/console.html') },
      ]);
    } finally {
      await s.close();
    }
  });

  it('serves dist/console.html at /console and /console/ with the security headers', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'cp-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dist, 'console.html'), '<!doctype html><title>console</title>');
    const s = await inProcessServer(sqliteBackend(), { distDir: dist });
    try {
      for (const url of ['/console', '/console/']) {
        const res = await s.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
        expect([res.statusCode, res.body]).toEqual([200, '<!doctype html><title>console</title>']);
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['permissions-policy']).toContain('camera=(self)');
      }
    } finally {
      await s.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
