// The server's HTTP API as the device sees it, over an injected fetch, with every answer sorted into
// done / try again later / refused for good — the three cases the outbox treats differently. Every request
// is abandoned after a timeout (or when the caller's signal aborts): a hung server never hangs a sync.
import type { Ack, BatchUpload, BundleAnswer, BundleRequest, Enrolled, EnrolRequest } from '../core/wire.js';

/** The outcome of one call: `retry` for the network, 5xx, 408 and 429; `refused` for any other 4xx. */
export type Call<T> =
  | { kind: 'ok'; value: T }
  /** `retryAfterMs`: how long the server asked to be left alone (Retry-After), when it said. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'refused'; status: number; error: string; message: string };

/** A refusal as a flow reports it (enrolment, a bundle refresh): the server's error code and message. */
export interface Refusal {
  kind: 'refused';
  error: string;
  message: string;
}

/** The refusal in a refused call, without its HTTP status. */
export function refusalOf(call: { error: string; message: string }): Refusal {
  return { kind: 'refused', error: call.error, message: call.message };
}

/** fetch, or a test's stand-in for it. */
export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{
  status: number;
  headers?: { get(name: string): string | null };
  json(): Promise<unknown>;
  /** The body as bytes (GET of a trust object); a stand-in without it cannot fetch one. */
  arrayBuffer?(): Promise<ArrayBuffer>;
}>;

/** How long one request may take, answer included, before it counts as lost. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Milliseconds a Retry-After header asks for (seconds, or an HTTP date), or undefined when it says nothing usable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How a client talks to its server. */
export interface ApiOptions {
  /** Per request (default REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Abandons every request in flight (the app closing, a sync cancelled). */
  signal?: AbortSignal;
}

// A signal that aborts after `ms`, or with `outer`; `done()` stops the timer once the answer is read.
function deadline(ms: number, outer?: AbortSignal): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms);
  const abort = () => controller.abort(outer?.reason);
  if (outer?.aborted) abort();
  outer?.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abort);
    },
  };
}

/** The device's client for one server. */
export class ServerApi {
  constructor(
    readonly baseUrl: string,
    private readonly fetchFn: Fetch,
    private readonly options: ApiOptions = {},
  ) {}

  /** Registers the device's public key with a one-time token. */
  enrol(body: EnrolRequest): Promise<Call<Enrolled>> {
    return this.post<Enrolled>('/api/v1/enrol', body);
  }

  /** Asks for the bundle after version `since` (with `format: 2`, the per-venue body and a pointer). */
  bundle(body: BundleRequest): Promise<Call<BundleAnswer>> {
    return this.post<BundleAnswer>('/api/v1/bundle', body);
  }

  /** A shared trust object (`/trust/…`, from a signed venue body's pointer): its bytes, unchecked. */
  async trustObject(path: string): Promise<Call<Uint8Array>> {
    const limit = deadline(this.options.timeoutMs ?? REQUEST_TIMEOUT_MS, this.options.signal);
    try {
      const response = await this.fetchFn(new URL(path, this.baseUrl).toString(), {
        method: 'GET',
        headers: {},
        signal: limit.signal,
      });
      if (response.status !== 200 || !response.arrayBuffer)
        return response.status >= 400 && response.status < 500 && response.status !== 404
          ? { kind: 'refused', status: response.status, error: `http-${response.status}`, message: path }
          : { kind: 'retry', reason: `HTTP ${response.status} for ${path}` };
      return { kind: 'ok', value: new Uint8Array(await response.arrayBuffer()) };
    } catch (e) {
      return { kind: 'retry', reason: `network: ${e instanceof Error ? e.message : String(e)}` };
    } finally {
      limit.done();
    }
  }

  /** Uploads one signed batch. */
  upload(upload: BatchUpload): Promise<Call<Ack>> {
    return this.post<Ack>('/api/v1/batches', upload);
  }

  private async post<T>(path: string, body: unknown): Promise<Call<T>> {
    const limit = deadline(this.options.timeoutMs ?? REQUEST_TIMEOUT_MS, this.options.signal);
    try {
      let response: Awaited<ReturnType<Fetch>>;
      try {
        response = await this.fetchFn(new URL(path, this.baseUrl).toString(), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: limit.signal,
        });
      } catch (e) {
        const reason = limit.signal.aborted
          ? String(limit.signal.reason)
          : e instanceof Error
            ? e.message
            : String(e);
        return { kind: 'retry', reason: `network: ${reason}` };
      }
      let json: unknown = null;
      try {
        json = await response.json();
      } catch {
        // A body cut off or not JSON: for a success it means the answer was lost, so the request is repeated.
        if (response.status < 300) return { kind: 'retry', reason: 'answer lost' };
      }
      if (response.status >= 200 && response.status < 300) return { kind: 'ok', value: json as T };
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        const wait = retryAfterMs(response.headers?.get('retry-after'));
        return {
          kind: 'retry',
          reason: `HTTP ${response.status}`,
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        };
      }
      const problem = (json ?? {}) as { error?: unknown; message?: unknown };
      return {
        kind: 'refused',
        status: response.status,
        error: typeof problem.error === 'string' ? problem.error : `http-${response.status}`,
        message: typeof problem.message === 'string' ? problem.message : `HTTP ${response.status}`,
      };
    } finally {
      limit.done();
    }
  }
}
