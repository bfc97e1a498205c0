// The uploader against the real server in-process: exactly once through lost answers and 500s, reports first,
// refused batches parked, a disabled device stopped, two uploaders racing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DecisionEntry } from '../../src/core/log.js';
import { asksReport } from '../../src/core/report.js';
import { ServerApi } from '../../src/sync/api.js';
import { backoffMs, syncOnce, type UploaderDeps } from '../../src/sync/uploader.js';
import { addVenue, suiteApp } from '../support/server.js';
import { chain, deviceKey } from '../support/chains.js';
import { sampleEntry } from '../support/entries.js';
import { injectFetch, MemoryOutbox, noLock, type Fault } from './harness.js';

const server = suiteApp();
let venueId: string;

beforeAll(async () => {
  venueId = await addVenue(server.db);
});

async function device(n: number, make?: (seq: number) => DecisionEntry) {
  const key = deviceKey();
  const id = crypto.randomUUID();
  const { token } = await server.db.devices.createEnrolToken(venueId, 60_000);
  const enrolled = await server.db.devices.enrol({
    token,
    deviceId: id,
    publicKey: key.publicKey,
    label: null,
  });
  if (!enrolled.ok) throw new Error(enrolled.error);
  const outbox = new MemoryOutbox();
  const records = chain(id, venueId, n, null, make);
  outbox.add(records);
  return { id, key, outbox, records };
}

function deps(
  d: Awaited<ReturnType<typeof device>>,
  fault?: (url: string) => Fault,
  over: Partial<UploaderDeps> = {},
): UploaderDeps {
  return {
    outbox: d.outbox,
    api: new ServerApi('http://server.test', injectFetch(server.app, fault)),
    deviceId: d.id,
    signer: d.key.signer,
    lock: noLock,
    sleep: async () => undefined,
    maxAttempts: 1000,
    ...over,
  };
}

async function serverIds(deviceId: string): Promise<string[]> {
  const rows = await server.db.sql.all<{ id: string }>(
    'SELECT id FROM records WHERE device_id = $1 ORDER BY seq',
    [deviceId],
  );
  return rows.map((r) => r.id);
}

describe('syncOnce', () => {
  it('uploads everything in batches of at most 500, records asking for a report in the first batch', async () => {
    // Every 97th asks for a report (001 §2(1): red held and reported); the samples' other reds and yellows are
    // only held: they wait their turn like any record.
    const d = await device(1200, (seq) => {
      const sample = sampleEntry(seq, venueId);
      return seq % 97 === 0 ? { ...sample, colour: 'red', actions: ['hold', 'report'] } : sample;
    });
    const sizes: number[] = [];
    const firstBatch: string[] = [];
    const fetch = injectFetch(server.app);
    const api = new ServerApi('http://server.test', async (url, init) => {
      const upload = JSON.parse(init.body ?? '') as { body: string };
      const records = (JSON.parse(upload.body) as { records: { id: string }[] }).records;
      sizes.push(records.length);
      if (firstBatch.length === 0) firstBatch.push(...records.map((r) => r.id));
      return fetch(url, init);
    });
    const outcome = await syncOnce({ ...deps(d), api });
    expect(outcome).toEqual({ kind: 'done', sent: 1200, duplicates: 0, parked: 0 });
    expect(sizes).toEqual([500, 500, 200]);
    const reporting = d.records.filter(asksReport);
    expect(reporting.map((r) => r.seq).at(-1)).toBeGreaterThan(1100);
    for (const r of reporting) expect(firstBatch).toContain(r.id);
    const heldOnly = d.records.filter((r) => r.colour !== 'green' && !asksReport(r) && r.seq > 600);
    expect(heldOnly.length).toBeGreaterThan(0);
    for (const r of heldOnly) expect(firstBatch).not.toContain(r.id);
    expect(await serverIds(d.id)).toEqual(d.records.map((r) => r.id));
    expect(await d.outbox.pendingCount()).toBe(0);
  });

  it('marks nothing synced when the answer is lost, and stores nothing twice when it sends again', async () => {
    const d = await device(900);
    let n = 0;
    // Every other request: the server stores the batch but the answer never arrives; some are lost on the way.
    const fault = (): Fault =>
      ['drop-after', null, 'drop-before', '500-after', '500-before', null][n++ % 6] as Fault;
    const outcome = await syncOnce(deps(d, fault));
    expect(outcome.kind).toBe('done');
    const ids = await serverIds(d.id);
    expect(ids).toEqual(d.records.map((r) => r.id));
    expect(new Set(d.outbox.marked).size).toBe(900);
    expect((await server.db.devices.get(d.id))?.received).toBe(900);
  });

  it('backs off with jitter between failed attempts and gives up after maxAttempts, keeping everything pending', async () => {
    const d = await device(10);
    const waits: number[] = [];
    const outcome = await syncOnce(
      deps(d, () => 'drop-before', {
        maxAttempts: 5,
        random: () => 0.5,
        baseDelayMs: 100,
        sleep: async (ms) => void waits.push(ms),
      }),
    );
    expect(outcome).toMatchObject({ kind: 'gave-up', sent: 0 });
    expect(waits).toEqual([50, 100, 200, 400]);
    expect(await d.outbox.pendingCount()).toBe(10);
    expect(backoffMs(30, () => 1, 1000, 60_000)).toBe(60_000);
    expect(backoffMs(3, () => 0, 1000, 60_000)).toBe(0);
  });

  it('parks a batch the server refuses for good in the dead-letter list and goes on with the rest', async () => {
    const d = await device(30);
    // Record 10 was changed after it was chained: the server refuses its batch with 422.
    const bad = d.outbox.records.get(d.records[9]!.id)!;
    bad.record = { ...bad.record, temperature: 39 };
    const outcome = await syncOnce(deps(d, undefined, { batchSize: 10 }));
    expect(outcome).toEqual({ kind: 'done', sent: 20, duplicates: 0, parked: 10 });
    const [letter] = await d.outbox.deadLetters();
    expect(letter).toMatchObject({ status: 422, error: 'tampered' });
    expect(letter?.recordIds).toHaveLength(10);
    expect(letter?.recordIds).toContain(d.records[9]!.id);
    // Parked records stay on the device, unsynced, and are not sent again.
    expect(d.outbox.records.size).toBe(30);
    expect([...d.outbox.records.values()].filter((r) => !r.synced)).toHaveLength(10);
    expect(await syncOnce(deps(d))).toEqual({ kind: 'done', sent: 0, duplicates: 0, parked: 0 });
    // The server flagged the holes the parked batch left, and they stay open.
    const open = (await server.db.records.chainEvents(d.id)).filter(
      (e) => e.kind === 'gap' && e.resolvedAt === null,
    );
    expect(open.length).toBeGreaterThan(0);
  });

  it('stops with the server message when the device is disabled, parking nothing', async () => {
    const d = await device(5);
    await server.db.devices.disable(d.id);
    const outcome = await syncOnce(deps(d));
    expect(outcome).toMatchObject({
      kind: 'blocked',
      error: 'device-disabled',
      message: expect.stringContaining('disabled'),
    });
    expect(await d.outbox.deadLetters()).toEqual([]);
    expect(await d.outbox.pendingCount()).toBe(5);
  });

  it('lets two uploaders race over one outbox without storing anything twice', async () => {
    const d = await device(2000);
    const [a, b] = await Promise.all([
      syncOnce(deps(d, undefined, { batchSize: 300 })),
      syncOnce(deps(d, undefined, { batchSize: 200 })),
    ]);
    expect(a.kind).toBe('done');
    expect(b.kind).toBe('done');
    expect(await serverIds(d.id)).toEqual(d.records.map((r) => r.id));
    expect(await d.outbox.pendingCount()).toBe(0);
  });

  it('does nothing while another tab holds the upload lock', async () => {
    const d = await device(3);
    expect(await syncOnce(deps(d, undefined, { lock: async () => null }))).toEqual({ kind: 'busy' });
    expect(await d.outbox.pendingCount()).toBe(3);
  });
});
