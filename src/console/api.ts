// The console's client of /api/console/v1: the only module of the console that calls fetch. Every call takes an
// AbortSignal and answers a typed result; a state-changing call carries the console header (against CSRF).
import { err, ok, type Result } from '../core/result.js';
import {
  CONSOLE_API_BASE,
  CONSOLE_HEADER,
  type Summary,
  type ConsoleErrorCode,
  type DeviceDisabled,
  type DeviceList,
  type Link,
  type EnrolmentList,
  type Me,
  type Report,
  type ReportPage,
  type ReportQuery,
  type VenueStats,
} from '../core/console-wire.js';

/** Why a console request failed: the server's code, or that the network or the server broke. */
export interface ApiError {
  code: ConsoleErrorCode | 'network' | 'server' | 'aborted';
  /** The HTTP status (0 when there was no answer). */
  status: number;
  message: string;
}

/** A console answer, or why there is none. */
export type ApiResult<T> = Result<T, ApiError>;

/** Every call the console makes. */
export interface ConsoleApi {
  me(signal?: AbortSignal): Promise<ApiResult<Me>>;
  signIn(token: string, signal?: AbortSignal): Promise<ApiResult<Me>>;
  signOut(signal?: AbortSignal): Promise<ApiResult<null>>;
  reports(query: ReportQuery, signal?: AbortSignal): Promise<ApiResult<ReportPage>>;
  reportChanges(since: string, signal?: AbortSignal): Promise<ApiResult<ReportPage>>;
  acknowledge(id: string, signal?: AbortSignal): Promise<ApiResult<Report>>;
  close(id: string, outcome: string, signal?: AbortSignal): Promise<ApiResult<Report>>;
  stats(venueId: string, days: number, signal?: AbortSignal): Promise<ApiResult<VenueStats>>;
  devices(venueId: string, signal?: AbortSignal): Promise<ApiResult<DeviceList>>;
  disableDevice(deviceId: string, signal?: AbortSignal): Promise<ApiResult<DeviceDisabled>>;
  enrolments(venueId: string, signal?: AbortSignal): Promise<ApiResult<EnrolmentList>>;
  createEnrolment(venueId: string, ttlHours: number, signal?: AbortSignal): Promise<ApiResult<Link>>;
  expireEnrolment(venueId: string, id: string, signal?: AbortSignal): Promise<ApiResult<null>>;
  summary(signal?: AbortSignal): Promise<ApiResult<Summary>>;
  /** The address of a venue's CSV export of one day (YYYY-MM-DD), for a plain link. */
  exportUrl(venueId: string, day: string): string;
}

/** The fetch the client calls (the window's, or a fake in tests). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** How the client is set up. */
export interface ApiOptions {
  /** The window's fetch unless given (tests give a fake server's). */
  fetch?: Fetch;
  /** Called whenever the server says the session is gone (401 signed-out), so the page can show sign-in. */
  onSignedOut?: () => void;
  base?: string;
}

const KNOWN: readonly string[] = ['signed-out', 'bad-token', 'csrf', 'forbidden', 'not-found', 'bad-request'];

const enc = encodeURIComponent;

function problemOf(status: number, body: unknown): ApiError {
  const e = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const code = typeof e['error'] === 'string' && KNOWN.includes(e['error']) ? e['error'] : null;
  const message = typeof e['message'] === 'string' ? e['message'] : `HTTP ${status}`;
  if (code) return { code: code as ConsoleErrorCode, status, message };
  if (status === 401) return { code: 'signed-out', status, message };
  return { code: status >= 500 ? 'server' : 'bad-request', status, message };
}

/** The console's client over a fetch. */
export function createConsoleApi(opts: ApiOptions = {}): ConsoleApi {
  const base = opts.base ?? CONSOLE_API_BASE;
  const send: Fetch = opts.fetch ?? ((url, init) => fetch(url, init));

  async function call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    signal: AbortSignal | undefined,
    body?: unknown,
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') headers[CONSOLE_HEADER] = '1';
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await send(base + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (e) {
      if (signal?.aborted) return err({ code: 'aborted', status: 0, message: 'aborted' });
      return err({ code: 'network', status: 0, message: e instanceof Error ? e.message : String(e) });
    }
    if (res.status === 204) return ok(null as T);
    const text = await res.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const problem = problemOf(res.status, json);
      if (problem.code === 'signed-out') opts.onSignedOut?.();
      return err(problem);
    }
    if (json === null || typeof json !== 'object')
      return err({ code: 'server', status: res.status, message: 'The server did not answer JSON' });
    return ok(json as T);
  }

  const query = (q: Record<string, string | number | undefined>): string => {
    const parts = Object.entries(q)
      .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
      .map(([k, v]) => `${enc(k)}=${enc(String(v))}`);
    return parts.length ? `?${parts.join('&')}` : '';
  };

  return {
    me: (signal) => call('GET', '/me', signal),
    signIn: (token, signal) => call('POST', '/session', signal, { token }),
    signOut: (signal) => call('DELETE', '/session', signal),
    reports: (q, signal) => call('GET', `/reports${query({ ...q })}`, signal),
    reportChanges: (since, signal) => call('GET', `/reports/changes${query({ since })}`, signal),
    acknowledge: (id, signal) => call('POST', `/reports/${enc(id)}/ack`, signal),
    close: (id, outcome, signal) => call('POST', `/reports/${enc(id)}/close`, signal, { outcome }),
    stats: (venueId, days, signal) => call('GET', `/venues/${enc(venueId)}/stats${query({ days })}`, signal),
    devices: (venueId, signal) => call('GET', `/venues/${enc(venueId)}/devices`, signal),
    disableDevice: (deviceId, signal) => call('POST', `/devices/${enc(deviceId)}/disable`, signal),
    enrolments: (venueId, signal) => call('GET', `/venues/${enc(venueId)}/enrolments`, signal),
    createEnrolment: (venueId, ttlHours, signal) =>
      call('POST', `/venues/${enc(venueId)}/enrolments`, signal, { ttlHours }),
    expireEnrolment: (venueId, id, signal) =>
      call('DELETE', `/venues/${enc(venueId)}/enrolments/${enc(id)}`, signal),
    summary: (signal) => call('GET', '/summary', signal),
    exportUrl: (venueId, day) => `${base}/venues/${enc(venueId)}/export${query({ day })}`,
  };
}
