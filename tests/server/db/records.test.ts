// Exactly-once ingest, chain events and export, on SQLite and PostgreSQL alike.
import { describe, expect, it } from 'vitest';
import { enrolDevice, BACKENDS, suiteDb } from '../../support/server.js';
import { batchOf, chain } from '../../support/chains.js';

describe.each(BACKENDS)('records on $name', ({ make }) => {
  const t = suiteDb(make);

  it('stores a batch once: a replay is acknowledged as duplicates and nothing is doubled', async () => {
    const d = await enrolDevice(t.db);
    const records = chain(d.id, d.venueId, 20);
    const first = await t.db.records.ingest(batchOf(records));
    expect(first.ok && first.value.accepted).toHaveLength(20);
    const replay = await t.db.records.ingest(batchOf(records));
    expect(replay.ok && replay.value).toMatchObject({
      accepted: [],
      duplicates: records.map((r) => r.id),
      gaps: [],
    });
    const overlap = chain(d.id, d.venueId, 5, records[19]);
    const mixed = await t.db.records.ingest(batchOf([...records.slice(15), ...overlap]));
    expect(mixed.ok && [mixed.value.accepted.length, mixed.value.duplicates.length]).toEqual([5, 5]);
    const exported = [];
    for await (const r of t.db.records.export({ venueId: d.venueId })) exported.push(r.record.id);
    expect(exported).toEqual([...records, ...overlap].map((r) => r.id));
    expect((await t.db.devices.get(d.id))?.lastSeq).toBe(25);
  });

  it('flags a gap, keeps the batch, and resolves the gap when the missing records arrive', async () => {
    const d = await enrolDevice(t.db);
    const records = chain(d.id, d.venueId, 30);
    const late = await t.db.records.ingest(batchOf(records.slice(20)));
    expect(late.ok && late.value.gaps).toEqual([20]);
    expect((await t.db.records.chainEvents(d.id)).map((e) => [e.kind, e.seq, e.resolvedAt === null])).toEqual(
      [['gap', 20, true]],
    );
    expect((await t.db.devices.list()).find((x) => x.id === d.id)?.openGaps).toBe(1);
    const rest = await t.db.records.ingest(batchOf(records.slice(0, 20)));
    expect(rest.ok && rest.value.accepted).toHaveLength(20);
    expect((await t.db.records.chainEvents(d.id)).every((e) => e.resolvedAt !== null)).toBe(true);
  });

  it('refuses a fork as a whole batch, stores none of it, and flags it', async () => {
    const d = await enrolDevice(t.db);
    const records = chain(d.id, d.venueId, 10);
    await t.db.records.ingest(batchOf(records.slice(0, 5)));
    // Another history from seq 5 on: seq 5 differs from the stored one.
    const forked = chain(d.id, d.venueId, 3, records[3]!, (i) => ({
      ...records[0]!,
      at: new Date(i * 1e6).toISOString(),
    }));
    const refused = await t.db.records.ingest(batchOf([...forked]));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.kind).toBe('fork');
    expect((await t.db.devices.get(d.id))?.received).toBe(5);
    // A record whose prevHash does not match the stored predecessor.
    const stranger = chain(d.id, d.venueId, 7)[5]!;
    const linked = await t.db.records.ingest(batchOf([stranger]));
    expect(!linked.ok && linked.error.kind).toBe('fork');
    expect((await t.db.records.chainEvents(d.id)).filter((e) => e.kind === 'fork').map((e) => e.seq)).toEqual(
      [5, 6],
    );
    // The true continuation is still accepted.
    const rest = await t.db.records.ingest(batchOf(records.slice(5)));
    expect(rest.ok && rest.value.accepted).toHaveLength(5);
  });

  it('stores each record once when overlapping uploads of one device arrive at the same moment', async () => {
    const d = await enrolDevice(t.db);
    const records = chain(d.id, d.venueId, 24);
    // Connections opened beforehand, so that the uploads below overlap in the database rather than in connecting.
    await Promise.all(Array.from({ length: 8 }, () => t.db.devices.get(d.id)));
    // Eight uploads at once, as tabs and retries send them: each overlaps the next, together they hold all 24.
    const acks = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.db.records.ingest(batchOf(records.slice(i * 3, i * 3 + 6)))),
    );
    const accepted = acks.flatMap((a) => (a.ok ? a.value.accepted : []));
    expect([...accepted].sort()).toEqual(records.map((r) => r.id).sort());
    const stored = [];
    for await (const r of t.db.records.export({ venueId: d.venueId })) stored.push(r.record.id);
    expect(stored).toEqual(records.map((r) => r.id));
    expect((await t.db.devices.get(d.id))?.received).toBe(24);
  });

  it('answers the trust version as of the ingest', async () => {
    const d = await enrolDevice(t.db);
    const version = await t.db.trust.setAuthorityKey(new Uint8Array(32).fill(7));
    expect(version).toBeGreaterThan(0);
    const acked = await t.db.records.ingest(batchOf(chain(d.id, d.venueId, 2)));
    expect(acked.ok && acked.value.trustVersion).toBe(version);
  });

  it('refuses every batch of a disabled device and of an unknown one', async () => {
    const d = await enrolDevice(t.db);
    await t.db.devices.disable(d.id);
    expect((await t.db.devices.get(d.id))?.disabledAt).not.toBeNull();
    const r = await t.db.records.ingest(batchOf(chain(d.id, d.venueId, 2)));
    expect(!r.ok && r.error.kind).toBe('device-disabled');
    const u = await t.db.records.ingest(batchOf(chain('no-such-device', d.venueId, 2)));
    expect(!u.ok && u.error.kind).toBe('unknown-device');
  });

  it('exports each record once, in time order, narrowed by time and venue, across pages', async () => {
    const d = await enrolDevice(t.db);
    const records = chain(d.id, d.venueId, 45);
    for (let i = 0; i < 45; i += 10) await t.db.records.ingest(batchOf(records.slice(i, i + 10)));
    const all = [];
    for await (const r of t.db.records.export({ venueId: d.venueId, pageSize: 7 })) all.push(r.record);
    expect(all.map((r) => r.seq)).toEqual(records.map((r) => r.seq));
    expect(all[0]).toEqual(records[0]);
    const since = [];
    for await (const r of t.db.records.export({ venueId: d.venueId, sinceMs: Date.parse(records[40]!.at) }))
      since.push(r);
    expect(since).toHaveLength(5);
  });

  it('files records under the venue the device is enrolled for, even those logged before enrolment', async () => {
    const d = await enrolDevice(t.db);
    const records = chain(d.id, 'local', 3);
    await t.db.records.ingest(batchOf(records));
    const mine = [];
    for await (const r of t.db.records.export({ venueId: d.venueId })) mine.push(r.record);
    expect(mine.map((r) => [r.id, r.venueId])).toEqual(records.map((r) => [r.id, 'local']));
  });
});
