// Test plumbing for the device side: fetch over Fastify's inject (with faults), and an in-memory outbox.
import type { FastifyInstance } from 'fastify';
import type { DecisionRecord } from '../../src/core/log.js';
import type { Fetch } from '../../src/sync/api.js';
import type { DeadLetter, Outbox } from '../../src/sync/outbox.js';

/** What goes wrong with one request: lost before the server sees it, lost after it answered, or a 500. */
export type Fault = 'drop-before' | 'drop-after' | '500-before' | '500-after' | null;

/** A fetch that reaches the app in-process; `fault` decides per request what the network does to it. */
export function injectFetch(app: FastifyInstance, fault: (url: string) => Fault = () => null): Fetch {
  return async (url, init) => {
    const f = fault(url);
    if (f === 'drop-before') throw new TypeError('Failed to fetch');
    if (f === '500-before')
      return { status: 500, json: async () => ({ error: 'server-error', message: 'injected' }) };
    const u = new URL(url);
    const res = await app.inject({
      method: init.method as 'POST',
      url: u.pathname + u.search,
      headers: init.headers,
      ...(init.body !== undefined ? { payload: init.body } : {}),
    });
    if (f === 'drop-after') throw new TypeError('Failed to fetch');
    if (f === '500-after')
      return { status: 502, json: async () => ({ error: 'bad-gateway', message: 'injected' }) };
    return {
      status: res.statusCode,
      json: async () => res.json(),
      arrayBuffer: async () => new Uint8Array(res.rawPayload).buffer,
    };
  };
}

/** An outbox in memory, with the same contract as the Dexie one (for large fault runs). */
export class MemoryOutbox implements Outbox {
  readonly records = new Map<string, { record: DecisionRecord; synced: boolean }>();
  readonly letters: DeadLetter[] = [];
  /** Every id ever passed to markSynced, in order (to see that only acknowledged ids are marked). */
  readonly marked: string[] = [];

  add(records: readonly DecisionRecord[]): void {
    for (const r of records) this.records.set(r.id, { record: r, synced: false });
  }
  private parked(): Set<string> {
    return new Set(this.letters.flatMap((l) => l.recordIds));
  }
  async pending() {
    const parked = this.parked();
    return [...this.records.values()]
      .filter((r) => !r.synced && !parked.has(r.record.id))
      .map((r) => r.record);
  }
  async pendingCount() {
    return (await this.pending()).length;
  }
  async markSynced(ids: readonly string[]) {
    for (const id of ids) {
      const r = this.records.get(id);
      if (r) r.synced = true;
      this.marked.push(id);
    }
  }
  async park(letter: DeadLetter) {
    this.letters.push(letter);
  }
  async deadLetters() {
    return [...this.letters];
  }
  async deleteSyncedBefore(beforeIso: string) {
    let n = 0;
    for (const [id, r] of this.records)
      if (r.synced && r.record.at < beforeIso) {
        this.records.delete(id);
        n++;
      }
    return n;
  }
}

/** A lock that is always free (each caller runs): for racing uploaders that do not coordinate. */
export const noLock = <T>(fn: () => Promise<T>): Promise<T | null> => fn();
