// Several stateless servers on one PostgreSQL database (issue 14): two `checkpoint serve` processes share a
// database; one device syncs through both in turn, one server is SIGKILLed and started again in between, answers
// are lost and batches replayed, and the same batch races to both at once. Every record is stored exactly once
// and the stored chain is whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain, type DecisionRecord } from '../../src/core/log.js';
import type { Ack } from '../../src/core/wire.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { chain } from '../support/chains.js';
import { ensureBuilt } from '../support/cli.js';
import { enrolOverHttp, serveChild, type ServeChild, postBatch } from '../support/serve.js';
import { postgresBackend, type Backend } from '../support/server.js';

beforeAll(() => ensureBuilt(), 120_000);

describe('two serve processes on one PostgreSQL database', () => {
  let backend: Backend;
  let db: ServerDb;
  let servers: ServeChild[];
  let venueId: string;

  beforeAll(async () => {
    backend = postgresBackend();
    db = await backend.open();
    venueId = (await db.venues.add({ name: 'Mall', category: 'mall', policy: 'zhejiang-2020', settings: {} }))
      .id;
    // Started together: both migrate the same (already migrated) schema under the advisory lock.
    servers = await Promise.all([serveChild(backend.location()), serveChild(backend.location())]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await db?.close();
    await backend?.cleanup();
  });

  const stored = async (): Promise<DecisionRecord[]> => {
    const out: DecisionRecord[] = [];
    for await (const s of db.records.export()) out.push(s.record);
    return out.sort((a, b) => a.seq - b.seq);
  };

  it('stores a device synced through both in turn exactly once, across a SIGKILL and a restart', async () => {
    const device = await enrolOverHttp(servers[0]!.url, db, venueId);
    const records = chain(device.id, venueId, 60);
    const batches = [0, 1, 2, 3, 4, 5].map((i) => records.slice(i * 10, i * 10 + 10));
    const upload = async (server: ServeChild, batch: DecisionRecord[]): Promise<Ack> => {
      const res = await postBatch(server.url, device, batch);
      expect(res.status).toBe(200);
      return res.json as unknown as Ack;
    };
    const ids = (batch: DecisionRecord[]) => batch.map((r) => r.id);

    expect((await upload(servers[0]!, batches[0]!)).accepted).toEqual(ids(batches[0]!));
    expect((await upload(servers[1]!, batches[1]!)).accepted).toEqual(ids(batches[1]!));
    expect((await upload(servers[0]!, batches[2]!)).accepted).toEqual(ids(batches[2]!));
    // Server 0 dies without any shutdown; the device's answer to batch 3 was lost, so it sends it again to 1.
    await servers[0]!.stop('SIGKILL');
    expect((await upload(servers[1]!, batches[2]!)).duplicates).toEqual(ids(batches[2]!));
    expect((await upload(servers[1]!, batches[3]!)).accepted).toEqual(ids(batches[3]!));
    servers[0] = await serveChild(backend.location());
    expect((await upload(servers[0], batches[4]!)).accepted).toEqual(ids(batches[4]!));
    // Two tabs send the last batch to both servers at the same moment: one stores it, the other finds it stored.
    const [a, b] = await Promise.all([upload(servers[0], batches[5]!), upload(servers[1]!, batches[5]!)]);
    expect([...a.accepted, ...b.accepted].sort()).toEqual(ids(batches[5]!).sort());
    expect([...a.duplicates, ...b.duplicates].sort()).toEqual(ids(batches[5]!).sort());
    // Everything once more, through the restarted server: all duplicates.
    const again = await upload(servers[0], records.slice(0, 60));
    expect(again.accepted).toEqual([]);
    expect(again.duplicates).toHaveLength(60);

    const kept = await stored();
    expect(kept.map((r) => r.id)).toEqual(ids(records));
    expect(checkChain(kept, null)).toBeNull();
    expect(await db.records.chainEvents(device.id)).toEqual([]);
    const row = await db.devices.get(device.id);
    expect(row?.received).toBe(60);
    expect(row?.lastSeq).toBe(60);
  }, 120_000);

  it('shows a trust change written to the database by either server at once (nothing cached in a process)', async () => {
    const versionAt = async (s: ServeChild) =>
      ((await (await fetch(`${s.url}/healthz`)).json()) as { trustVersion: number }).trustVersion;
    const before = await Promise.all(servers.map(versionAt));
    await db.trust.setAuthorityKey(new Uint8Array(32).fill(7));
    const after = await Promise.all(servers.map(versionAt));
    expect(new Set(before).size).toBe(1);
    expect(after).toEqual(before.map((v) => v + 1));
  });
});
