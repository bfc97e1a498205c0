// A fake console server behind a fetch, typed by src/core/console-wire.ts: it answers the console API from
// plain data, records every request (method, path, headers, credentials, signal), and can be told to fail.
import type {
  Summary,
  ConsoleDevice,
  Enrolment,
  StatsHour,
  Me,
  Report,
} from '../../src/core/console-wire.js';
import { CONSOLE_API_BASE } from '../../src/core/console-wire.js';
import type { Fetch } from '../../src/console/api.js';

export { report } from '../support/reports.js';

/** A request as the fake server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  signal: AbortSignal | undefined;
  body: unknown;
}

/** A venue manager of the Hangzhou mall. */
export const MANAGER: Me = {
  role: 'manager',
  label: 'mall-manager',
  venues: [{ id: 'v-mall', name: 'West Lake Mall', category: 'mall', region: 'CN-ZJ' }],
};

/** The health authority, seeing two venues in two regions. */
export const AUTHORITY: Me = {
  role: 'authority',
  label: 'zj-cdc',
  venues: [
    ...MANAGER.venues,
    { id: 'v-station', name: 'Ningbo Station', category: 'transit-hub', region: 'CN-ZJ-NB' },
  ],
};

/** A device of the mall; `over` changes any field. */
export function device(id: string, over: Partial<ConsoleDevice> = {}): ConsoleDevice {
  return {
    id,
    label: `Gate ${id}`,
    enrolledAt: '2026-11-01T08:00:00.000Z',
    lastSyncAt: '2026-11-20T07:55:00.000Z',
    trustVersion: 7,
    trustAgeHours: 2,
    pendingGaps: 0,
    forks: 0,
    staff: 'S-07',
    disabled: false,
    ...over,
  };
}

/** One hour of figures starting at `hour` (ISO). */
export function hour(at: string, over: Partial<StatsHour> = {}): StatsHour {
  return { hour: at, admits: 0, denies: 0, overrides: 0, manual: 0, reports: 0, ...over };
}

/** What the fake server holds; tests change it freely. */
export interface FakeState {
  me: Me | null;
  /** Tokens that sign in, and as whom. */
  tokens: Map<string, Me>;
  reports: Report[];
  /** Reports the next /reports/changes answers with (then emptied). */
  changes: Report[];
  hours: StatsHour[];
  devices: ConsoleDevice[];
  enrolments: Enrolment[];
  summary: Summary;
  /** Answers the next request matching `path` (a prefix) with this status and body, once. */
  failures: Array<{ path: string; status: number; body: unknown }>;
}

/** A fake server and the fetch that reaches it. */
export interface FakeApi {
  state: FakeState;
  seen: SeenRequest[];
  fetch: Fetch;
}

const json = (status: number, body: unknown): Response =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

/** A fake console server starting from `state`. */
export function fakeApi(state: Partial<FakeState> = {}): FakeApi {
  const s: FakeState = {
    me: null,
    tokens: new Map(),
    reports: [],
    changes: [],
    hours: [],
    devices: [],
    enrolments: [],
    summary: { trustVersion: 7, issuers: [], revocations: 0, byVenueHour: [], staleDevices: [] },
    failures: [],
    ...state,
  };
  const seen: SeenRequest[] = [];
  let seq = 0;

  const route = (method: string, path: string, query: URLSearchParams, body: unknown): Response => {
    if (method === 'POST' && path === '/session') {
      const me = s.tokens.get(String((body as { token?: string }).token));
      if (!me) return json(401, { error: 'bad-token' });
      s.tokens.delete(String((body as { token: string }).token));
      s.me = me;
      return json(200, me);
    }
    if (!s.me) return json(401, { error: 'signed-out' });
    if (method === 'DELETE' && path === '/session') {
      s.me = null;
      return json(204, null);
    }
    if (path === '/me') return json(200, s.me);
    if (path === '/reports') {
      const list = s.reports
        .filter((r) =>
          ['state', 'venue', 'colour', 'region'].every(
            (k) => !query.get(k) || query.get(k) === (k === 'venue' ? r.venueId : r[k as 'state']),
          ),
        )
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      return json(200, { reports: list.slice(0, Number(query.get('limit') ?? 50)), cursor: `c${++seq}` });
    }
    if (path === '/reports/changes') {
      const changed = s.changes;
      s.changes = [];
      for (const c of changed) s.reports = [...s.reports.filter((r) => r.id !== c.id), c];
      return json(200, { reports: changed, cursor: `c${++seq}` });
    }
    const decided = /^\/reports\/([^/]+)\/(ack|close)$/.exec(path);
    if (decided && method === 'POST') {
      if (s.me.role !== 'authority') return json(403, { error: 'forbidden' });
      const r = s.reports.find((x) => x.id === decodeURIComponent(decided[1] ?? ''));
      if (!r) return json(404, { error: 'not-found' });
      const at = '2026-11-20T09:00:00.000Z';
      Object.assign(
        r,
        decided[2] === 'ack'
          ? { state: 'acknowledged', acknowledgedBy: s.me.label, acknowledgedAt: at }
          : {
              state: 'closed',
              closedBy: s.me.label,
              closedAt: at,
              outcome: (body as { outcome: string }).outcome,
            },
      );
      return json(200, r);
    }
    if (/^\/venues\/[^/]+\/stats$/.test(path)) return json(200, { hours: s.hours });
    if (/^\/venues\/[^/]+\/devices$/.test(path)) return json(200, { devices: s.devices });
    const disable = /^\/devices\/([^/]+)\/disable$/.exec(path);
    if (disable && method === 'POST') {
      const d = s.devices.find((x) => x.id === disable[1]);
      if (!d) return json(404, { error: 'not-found' });
      d.disabled = true;
      return json(200, { id: d.id, disabled: true });
    }
    if (/^\/venues\/[^/]+\/enrolments$/.test(path)) {
      if (method === 'GET') return json(200, { enrolments: s.enrolments });
      const id = `e${++seq}`;
      s.enrolments = [
        ...s.enrolments,
        { id, createdAt: '2026-11-20T08:00:00.000Z', expiresAt: '2026-11-21T08:00:00.000Z', used: false },
      ];
      return json(200, {
        link: `http://127.0.0.1/enrol?token=t-${id}`,
        expiresAt: '2026-11-21T08:00:00.000Z',
      });
    }
    const expire = /^\/venues\/[^/]+\/enrolments\/([^/]+)$/.exec(path);
    if (expire && method === 'DELETE') {
      s.enrolments = s.enrolments.map((e) =>
        e.id === expire[1] ? { ...e, expiresAt: '2026-11-20T07:00:00.000Z' } : e,
      );
      return json(204, null);
    }
    if (path === '/summary') return json(200, s.summary);
    return json(404, { error: 'not-found' });
  };

  const fetch: Fetch = async (url, init) => {
    const u = new URL(url, 'http://console.test');
    const path = u.pathname.slice(CONSOLE_API_BASE.length);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    seen.push({
      method: init.method ?? 'GET',
      path: path + u.search,
      headers: { ...(init.headers as Record<string, string>) },
      credentials: init.credentials,
      signal: init.signal ?? undefined,
      body,
    });
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const failure = s.failures.findIndex((f) => path.startsWith(f.path));
    if (failure >= 0) {
      const [f] = s.failures.splice(failure, 1);
      return json(f!.status, f!.body);
    }
    return route(init.method ?? 'GET', path, u.searchParams, body);
  };
  return { state: s, seen, fetch };
}
