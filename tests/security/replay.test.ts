// Issue 11 item 8, "replay after purge", against a real `checkpoint serve` on SQLite and PostgreSQL: a signed
// batch replayed after `checkpoint purge` is acknowledged and not stored again (a per-device purged watermark),
// and records decided longer ago than the retention period (000 §7(4): 28 days) are not stored at all.
import { beforeAll, describe, expect, it } from 'vitest';
import { batchIdOf, BATCH_FORMAT, type BatchBody } from '../../src/core/batch.js';
import type { DecisionRecord } from '../../src/core/log.js';
import { chain } from '../support/chains.js';
import { sampleEntry } from '../support/entries.js';
import { cliChild, ensureBuilt } from '../support/cli.js';
import { enrolOverHttp, suiteServe, postBatch } from '../support/serve.js';
import { BACKENDS } from '../support/server.js';

beforeAll(() => ensureBuilt(), 120_000);

const DAY = 86_400_000;

describe.each(BACKENDS)('replays and old records, on $name', ({ make }) => {
  const t = suiteServe(make, ['--retention-days', '28']);

  const exportedIds = (): string[] =>
    (
      JSON.parse(cliChild(['export', '--format', 'json'], t.backend.location()).stdout) as {
        records: { id: string }[];
      }
    ).records.map((r) => r.id);
  const decidedAt = (ms: number) => (i: number) => ({
    ...sampleEntry(i, t.venueId),
    at: new Date(ms + i * 1000).toISOString(),
  });

  it('stores nothing again when a batch is replayed after `checkpoint purge`', async () => {
    const device = await enrolOverHttp(t.serve.url, t.db, t.venueId);
    const records = chain(device.id, t.venueId, 5, null, decidedAt(Date.now() - 10 * DAY));
    // Received ten days ago (the server's clock cannot be moved, so this one receipt goes in directly)…
    const body: BatchBody = {
      format: BATCH_FORMAT,
      deviceId: device.id,
      batchId: batchIdOf(records),
      createdAt: '',
      records,
    };
    expect((await t.db.records.ingest(body, { now: Date.now() - 10 * DAY })).ok).toBe(true);
    // …purged by an administrator keeping five days…
    cliChild(['purge', '--older-than', '5d'], t.backend.location());
    expect(exportedIds()).not.toContain(records[0]!.id);
    // …and the same signed batch sent again, by anyone who kept a copy.
    const replay = await postBatch(t.serve.url, device, records);
    expect(replay.status).toBe(200);
    expect(replay.json.accepted).toEqual([]);
    expect(replay.json.duplicates).toEqual(records.map((r) => r.id));
    expect(exportedIds().filter((id) => records.some((r) => r.id === id))).toEqual([]);
    // The device's next record is stored, and no gap is flagged for what was purged.
    const next = chain(device.id, t.venueId, 1, records[4] as DecisionRecord);
    const stored = await postBatch(t.serve.url, device, next);
    expect([stored.json.accepted, stored.json.gaps]).toEqual([[next[0]!.id], []]);
  });

  it('does not store records decided longer ago than the retention period', async () => {
    const device = await enrolOverHttp(t.serve.url, t.db, t.venueId);
    const old = chain(device.id, t.venueId, 3, null, decidedAt(Date.now() - 40 * DAY));
    const res = await postBatch(t.serve.url, device, old);
    expect(res.status).toBe(200);
    expect(res.json.accepted).toEqual([]);
    expect(res.json.expired).toEqual(old.map((r) => r.id));
    expect(exportedIds().filter((id) => old.some((r) => r.id === id))).toEqual([]);
    // Sent again, they stay out; the recent records after them go in, with no gap flagged.
    const again = await postBatch(t.serve.url, device, old);
    expect(again.json.accepted).toEqual([]);
    const recent = chain(device.id, t.venueId, 2, old[2]!, decidedAt(Date.now() - DAY));
    const stored = await postBatch(t.serve.url, device, recent);
    expect([stored.json.accepted, stored.json.gaps]).toEqual([recent.map((r) => r.id), []]);
  });
});
