// The decision log: a gapless hash chain per device, written durably, and the queries the log screen needs.
import { describe, expect, it } from 'vitest';
import { checkChain, GENESIS } from '../../src/core/log.js';
import {
  appendDecision,
  dayStats,
  markSynced,
  pendingCount,
  recordsPage,
  searchLast4,
  unsyncedRecords,
} from '../../src/store/log.js';
import { deviceId } from '../../src/store/device.js';
import { chainedRecord, CheckpointDb } from '../../src/store/db.js';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { entry, freshDb } from './helpers.js';

const iso = (h: number, m = 0) => new Date(2026, 10, 23, h, m).toISOString();

describe('appendDecision', () => {
  it('chains records from GENESIS with seq 1, 2, 3 and a UUIDv7 id', async () => {
    const db = freshDb();
    const written = [];
    for (const h of [9, 10, 11]) {
      const r = await appendDecision(entry(iso(h)), db);
      if (!r.ok) throw new Error(r.error.message);
      written.push(r.value);
    }
    expect(written.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(written[0]?.prevHash).toBe(GENESIS);
    expect(written.every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-7/.test(r.id))).toBe(true);
    expect(checkChain(written.map(chainedRecord), null)).toBeNull();
    expect(new Set(written.map((r) => r.deviceId))).toEqual(new Set([await deviceId(db)]));
  });

  it('keeps the chain gapless when many decisions are logged at once', async () => {
    const db = freshDb();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => appendDecision(entry(iso(8, i)), db)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const stored = (await db.records.toArray()).sort((a, b) => a.seq - b.seq);
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(checkChain(stored.map(chainedRecord), null)).toBeNull();
  });

  it('reports a failed write as an error instead of throwing', async () => {
    const db = freshDb();
    await db.open();
    db.close();
    const r = await appendDecision(entry(iso(9)), db);
    expect(r.ok).toBe(false);
    expect(await db.open().then(() => db.records.count())).toBe(0);
  });
});

describe('log queries', () => {
  it('counts a day’s admitted and denied, per hour, leaving other days out', async () => {
    const db = freshDb();
    await appendDecision(entry(iso(9, 5)), db);
    await appendDecision(entry(iso(9, 40), { decision: 'deny', colour: 'red' }), db);
    await appendDecision(entry(iso(14)), db);
    await appendDecision(entry(new Date(2026, 10, 22, 23).toISOString()), db);
    const s = await dayStats(new Date(2026, 10, 23, 12), db);
    expect([s.admitted, s.denied]).toEqual([2, 1]);
    expect(s.hourly[9]).toEqual({ admitted: 1, denied: 1 });
    expect(s.hourly[14]).toEqual({ admitted: 1, denied: 0 });
  });

  it('counts an amended decision once, as amended (temperature, override)', async () => {
    const db = freshDb();
    const first = await appendDecision(entry(iso(10)), db);
    if (!first.ok) throw new Error(first.error.message);
    await appendDecision(
      entry(iso(10, 1), { decision: 'deny', temperature: 38.2, amends: first.value.id }),
      db,
    );
    const s = await dayStats(new Date(2026, 10, 23), db);
    expect([s.admitted, s.denied]).toEqual([0, 1]);
  });

  it('pages newest first and finds records by the last 4 of the document', async () => {
    const db = freshDb();
    await appendDecision(entry(iso(9), { idLast4: '0011' }), db);
    await appendDecision(entry(iso(10), { idLast4: '123X' }), db);
    await appendDecision(entry(iso(11), { idLast4: '0011' }), db);
    expect((await recordsPage(0, 2, db)).map((r) => r.at)).toEqual([iso(11), iso(10)]);
    expect((await recordsPage(2, 2, db)).map((r) => r.at)).toEqual([iso(9)]);
    expect((await searchLast4('0011', 200, db)).map((r) => r.at)).toEqual([iso(11), iso(9)]);
    expect((await searchLast4('123x', 200, db)).map((r) => r.idLast4)).toEqual(['123X']);
  });

  it('counts records pending sync until they are marked synced, oldest first for the uploader', async () => {
    const db = freshDb();
    for (const h of [9, 10, 11]) await appendDecision(entry(iso(h)), db);
    expect(await pendingCount(db)).toBe(3);
    const batch = await unsyncedRecords(2, db);
    expect(batch.map((r) => r.seq)).toEqual([1, 2]);
    await markSynced(
      batch.map((r) => r.id),
      db,
    );
    expect(await pendingCount(db)).toBe(1);
    expect((await unsyncedRecords(10, db)).map((r) => r.seq)).toEqual([3]);
  });
});

describe('a log write that never finishes', () => {
  it('is reported as a timeout, so the screen never waits on a stuck database', async () => {
    const factory = new IDBFactory();
    // Another tab holds the database open at an old version and ignores requests to close it: our upgrade,
    // and so our write, waits for ever.
    await new Promise<void>((resolve) => {
      const req = factory.open('stuck', 1);
      req.onsuccess = () => resolve();
    });
    const db = new CheckpointDb('stuck', { indexedDB: factory, IDBKeyRange });
    const r = await appendDecision(entry(iso(9)), db, 100);
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });
});
