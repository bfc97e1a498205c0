// The server's HTTP API as the device sees it, over an injected fetch, with every answer sorted into
// done / try again later / refused for good — the three cases the outbox treats differently.
import type { Ack, BatchUpload, BundleAnswer, BundleRequest, Enrolled, EnrolRequest } from '../core/wire.js';

/** The outcome of one call: `retry` for the network, 5xx and 429; `refused` for any other 4xx. */
export type Call<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'retry'; reason: string }
  | { kind: 'refused'; status: number; error: string; message: string };

/** fetch, or a test's stand-in for it. */
export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{
  status: number;
  json(): Promise<unknown>;
}>;

/** The device's client for one server. */
export class ServerApi {
  constructor(
    readonly baseUrl: string,
    private readonly fetchFn: Fetch,
  ) {}

  /** Registers the device's public key with a one-time token. */
  enrol(body: EnrolRequest): Promise<Call<Enrolled>> {
    return this.post<Enrolled>('/api/v1/enrol', body);
  }

  /** Asks for the bundle after version `since`. */
  bundle(body: BundleRequest): Promise<Call<BundleAnswer>> {
    return this.post<BundleAnswer>('/api/v1/bundle', body);
  }

  /** Uploads one signed batch. */
  upload(batch: BatchUpload): Promise<Call<Ack>> {
    return this.post<Ack>('/api/v1/batches', batch);
  }

  private async post<T>(path: string, body: unknown): Promise<Call<T>> {
    let response: Awaited<ReturnType<Fetch>>;
    try {
      response = await this.fetchFn(new URL(path, this.baseUrl).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (e) {
      return { kind: 'retry', reason: `network: ${e instanceof Error ? e.message : String(e)}` };
    }
    let json: unknown = null;
    try {
      json = await response.json();
    } catch {
      // A body cut off or not JSON: for a success it means the answer was lost, so the request is repeated.
      if (response.status < 300) return { kind: 'retry', reason: 'answer lost' };
    }
    if (response.status >= 200 && response.status < 300) return { kind: 'ok', value: json as T };
    if (response.status >= 500 || response.status === 429 || response.status === 408)
      return { kind: 'retry', reason: `HTTP ${response.status}` };
    const problem = (json ?? {}) as { error?: unknown; message?: unknown };
    return {
      kind: 'refused',
      status: response.status,
      error: typeof problem.error === 'string' ? problem.error : `http-${response.status}`,
      message: typeof problem.message === 'string' ? problem.message : `HTTP ${response.status}`,
    };
  }
}
