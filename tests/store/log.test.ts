// The decision log: a gapless hash chain per device, written durably, and the queries the log screen needs.
import { describe, expect, it } from 'vitest';
import { chainRecord, checkChain, GENESIS, type DecisionEntry } from '../../src/core/log.js';
import {
  appendDecision,
  unsyncedCount,
  recordsPage,
  reportsWaiting,
  searchLast4,
} from '../../src/store/log.js';
import { dexieOutbox } from '../../src/sync/outbox.js';
import { deviceId, setDeviceId } from '../../src/store/device.js';
import { CHAIN_HEAD, chainedRecord, CheckpointDb, type StoredRecord } from '../../src/store/db.js';
import { IDBFactory } from 'fake-indexeddb';
import { freshDb, olderDb } from '../support/db.js';
import { entry } from '../support/entries.js';

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

describe('the chain head', () => {
  const head = async (db: CheckpointDb) => (await db.meta.get(CHAIN_HEAD))?.value;
  const bySeq = async (db: CheckpointDb) => (await db.records.toArray()).sort((a, b) => a.seq - b.seq);
  const logged = async (db: CheckpointDb, at: string) => {
    const r = await appendDecision(entry(at), db);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('is the device id, seq and hash of the last record, moved by every write', async () => {
    const db = freshDb();
    await logged(db, iso(9));
    const last = await logged(db, iso(10));
    expect(await head(db)).toEqual({ deviceId: await deviceId(db), seq: 2, hash: last.hash });
  });

  it('is found again from the records when it is missing, so the chain goes on', async () => {
    const db = freshDb();
    await logged(db, iso(9));
    await logged(db, iso(10));
    await db.meta.delete(CHAIN_HEAD);
    const third = await logged(db, iso(11));
    expect(third.seq).toBe(3);
    expect(checkChain((await bySeq(db)).map(chainedRecord), null)).toBeNull();
  });

  it('does not move when the write fails', async () => {
    const db = freshDb();
    await logged(db, iso(9));
    const before = await head(db);
    // A value IndexedDB cannot store: the record is refused after the head was read.
    const r = await appendDecision(entry(iso(10), { actions: [Symbol('x') as never] }), db);
    expect(r).toMatchObject({ ok: false, error: { kind: 'failed' } });
    expect(await head(db)).toEqual(before);
    expect((await bySeq(db)).map((x) => x.seq)).toEqual([1]);
  });

  it('keeps two tabs on one gapless chain', async () => {
    const factory = new IDBFactory();
    const tabs = [1, 2].map(() => freshDb('two-tabs', factory));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendDecision(entry(iso(8, i)), tabs[i % 2])),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const stored = await bySeq(tabs[0] as CheckpointDb);
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(checkChain(stored.map(chainedRecord), null)).toBeNull();
  });

  it('starts a new chain for a new device id, and goes on with an old one where it ended', async () => {
    const db = freshDb();
    const old = await logged(db, iso(9));
    await setDeviceId('enrolled-device', db);
    const fresh = await logged(db, iso(10));
    expect(fresh).toMatchObject({ deviceId: 'enrolled-device', seq: 1, prevHash: GENESIS });
    await setDeviceId(old.deviceId, db);
    expect(await logged(db, iso(11))).toMatchObject({ deviceId: old.deviceId, seq: 2, prevHash: old.hash });
  });
});

describe('opening a version 1 database (a device that already has a log)', () => {
  // The schema as version 1 of the app wrote it, before the chain head.
  const versionOne = (name: string, factory: IDBFactory) =>
    olderDb(name, factory, 1, '&id, &[deviceId+seq], at, synced, idLast4');

  it('finds the head in the device’s records, so the next record follows its last', async () => {
    const factory = new IDBFactory();
    const before = freshDb('upgrade', factory);
    for (const h of [9, 10, 11]) await appendDecision(entry(iso(h)), before);
    const kept: StoredRecord[] = await before.records.toArray();
    const device = await deviceId(before);
    before.close();

    // The same log as version 1 left it: its records, its device id, and records of an earlier id.
    const v1 = versionOne('upgrade-v1', factory);
    await v1.table('meta').put({ key: 'deviceId', value: device });
    await v1.table('records').bulkAdd(kept);
    await v1.table('records').add({ ...kept[0], id: 'other', deviceId: 'earlier-id', seq: 7 });
    v1.close();

    const db = freshDb('upgrade-v1', factory);
    const last = kept.sort((a, b) => a.seq - b.seq)[2] as StoredRecord;
    expect((await db.meta.get(CHAIN_HEAD))?.value).toEqual({ deviceId: device, seq: 3, hash: last.hash });
    const next = await appendDecision(entry(iso(12)), db);
    expect(next).toMatchObject({ ok: true, value: { deviceId: device, seq: 4, prevHash: last.hash } });
  });

  it('goes on after records that a tab still running version 1 added without moving the head', async () => {
    const factory = new IDBFactory();
    const db = freshDb('old-tab', factory);
    const first = await appendDecision(entry(iso(9)), db);
    if (!first.ok) throw new Error(first.error.message);
    // Version 1 code opens the upgraded database as it is (same stores) and chains from its records.
    const oldTab = versionOne('old-tab', factory);
    const added = {
      ...chainRecord(entry(iso(10)), { id: 'old-tab-1', deviceId: first.value.deviceId, prev: first.value }),
      synced: 0,
    };
    await oldTab.table('records').add(added);
    const next = await appendDecision(entry(iso(11)), db);
    expect(next).toMatchObject({ ok: true, value: { seq: 3, prevHash: added.hash } });
    expect(
      checkChain((await db.records.toArray()).sort((x, y) => x.seq - y.seq).map(chainedRecord), null),
    ).toBeNull();
  });

  it('leaves a database without a device id to start its chain at the first write', async () => {
    const factory = new IDBFactory();
    const v1 = versionOne('empty-v1', factory);
    await v1.open();
    v1.close();
    const db = freshDb('empty-v1', factory);
    expect(await db.meta.get(CHAIN_HEAD)).toBeUndefined();
    const first = await appendDecision(entry(iso(9)), db);
    expect(first).toMatchObject({ ok: true, value: { seq: 1, prevHash: GENESIS } });
  });
});

describe('log queries', () => {
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
    expect(await unsyncedCount(db)).toBe(3);
    const outbox = dexieOutbox(db);
    const batch = (await outbox.pending()).filter((r) => r.seq <= 2);
    expect(batch.map((r) => r.seq)).toEqual([1, 2]);
    await outbox.markSynced(batch.map((r) => r.id));
    expect(await unsyncedCount(db)).toBe(1);
    expect((await outbox.pending()).map((r) => r.seq)).toEqual([3]);
  });

  it('counts reports waiting to send: unsynced records whose actions include `report` (003 §17)', async () => {
    const db = freshDb();
    const reported: Partial<DecisionEntry> = {
      colour: 'red',
      decision: 'deny',
      actions: ['hold', 'report', 'escort'],
    };
    await appendDecision(entry(iso(9), reported), db);
    await appendDecision(entry(iso(10), { ...reported, colour: 'yellow', actions: ['test'] }), db);
    await appendDecision(entry(iso(11), reported), db);
    await appendDecision(entry(iso(12)), db);
    expect(await reportsWaiting(db)).toBe(2);
    const outbox = dexieOutbox(db);
    await outbox.markSynced((await outbox.pending()).filter((r) => r.seq === 1).map((r) => r.id));
    expect(await reportsWaiting(db)).toBe(1);
  });
});

describe('reports waiting: one per decision, from the first record that asks (the server files the same)', () => {
  const held: Partial<DecisionEntry> = { colour: 'red', decision: 'deny', actions: ['take-temperature'] };
  const reported: Partial<DecisionEntry> = { colour: 'red', decision: 'deny', actions: ['hold', 'report'] };
  const admitted: Partial<DecisionEntry> = { colour: 'red', decision: 'admit', actions: [] };
  // Each step: what the record is, whether it amends the one before, and whether it is synced after all are logged.
  it.each([
    // Yunnan's hospital (002 §4(1), 000 §6(3)1; temperature first, 000 §7(2)3): the amendment files it.
    ['waiting for the temperature, then reported', [[held], [reported, 'amends']], [], 1],
    ['…with the scan already sent', [[held], [reported, 'amends']], [0], 1],
    // 001 §2(1): reported at the scan; a deny override keeps it: still one report.
    ['reported, then a deny override', [[reported], [reported, 'amends']], [], 1],
    ['…with the scan already sent: the override files nothing', [[reported], [reported, 'amends']], [0], 0],
    [
      'reported, admitted, then asked again',
      [[reported], [admitted, 'amends'], [reported, 'amends']],
      [0, 1],
      0,
    ],
    ['two people', [[reported], [reported]], [], 2],
  ] as const)('%s', async (_, steps, synced, waiting) => {
    const db = freshDb();
    const ids: string[] = [];
    for (const [i, [over, amends]] of steps.entries()) {
      const e = entry(iso(9, i), { ...over, ...(amends ? { amends: ids[i - 1]! } : {}) });
      const written = await appendDecision(e, db);
      if (!written.ok) throw new Error('not written');
      ids.push(written.value.id);
    }
    await dexieOutbox(db).markSynced(synced.map((i) => ids[i]!));
    expect(await reportsWaiting(db)).toBe(waiting);
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
    const db = freshDb('stuck', factory);
    const r = await appendDecision(entry(iso(9)), db, 100);
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });
});
