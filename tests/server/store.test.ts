// The store, against SQLite and PostgreSQL alike: trust versions and deltas, enrolment, exactly-once ingest, export, purge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIssuerKey } from '../../src/core/issuer.js';
import { batchIdOf, BATCH_FORMAT, type BatchBody } from '../../src/core/batch.js';
import type { DecisionRecord } from '../../src/core/log.js';
import { dayOf, partitionName, type Store } from '../../src/server/store.js';
import { BACKENDS, chain, deviceKey, type Backend } from './fixtures.js';

const batchOf = (records: DecisionRecord[]): BatchBody => ({
  format: BATCH_FORMAT,
  deviceId: records[0]!.deviceId,
  batchId: batchIdOf(records),
  createdAt: new Date().toISOString(),
  records,
});

const subject = (n: number) => Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? n : 0));

describe.each(BACKENDS)('store on $name', ({ make }) => {
  let backend: Backend;
  let store: Store;

  beforeAll(async () => {
    backend = make();
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  async function enrolledDevice(venueId?: string) {
    const venue =
      venueId ??
      (await store.addVenue({ name: 'Mall', category: 'mall', policy: 'zhejiang-2020', settings: {} })).id;
    const { token } = await store.createEnrolToken(venue, 60_000);
    const key = deviceKey();
    const id = crypto.randomUUID();
    const enrolled = await store.enrol({ token, deviceId: id, publicKey: key.publicKey, label: null });
    if (!enrolled.ok) throw new Error(enrolled.error);
    return { id, venueId: venue, key };
  }

  it('migrates once: opening the same database again applies nothing and keeps the data', async () => {
    await store.setMeta('probe', 'kept');
    const again = await backend.open();
    expect(await again.getMeta('probe')).toBe('kept');
    await again.close();
  });

  it('makes the root key once, and every opener gets the same one', async () => {
    const other = await backend.open();
    const [a, b] = await Promise.all([store.rootKey(), other.rootKey()]);
    expect(Buffer.from(a.publicKey).equals(Buffer.from(b.publicKey))).toBe(true);
    expect(Buffer.from((await store.rootKey()).secretKey).equals(Buffer.from(a.secretKey))).toBe(true);
    expect([a.created, b.created].filter(Boolean).length).toBeLessThanOrEqual(1);
    await other.close();
  });

  it('raises the trust version with each change and not for a change that changes nothing', async () => {
    const v0 = await store.trustVersion();
    const issuer = newIssuerKey('CN-ZJ', 1_700_000_000).key;
    const added = await store.addIssuers([issuer]);
    expect(added).toEqual({ version: v0 + 1, changed: 1 });
    expect(await store.addIssuers([issuer])).toEqual({ version: v0 + 1, changed: 0 });
    const revoked = await store.addIssuers([{ ...issuer, revoked: true }]);
    expect(revoked).toEqual({ version: v0 + 2, changed: 1 });
    const listed = (await store.listIssuers()).find((k) => k.kid === issuer.kid);
    expect(listed?.revoked).toBe(true);
  });

  it('keeps the later `before` of a revocation and gives a delta of only what changed since a version', async () => {
    const first = await store.addRevocations([
      { iss: 'CN-ZJ', subject: subject(1), before: 1000 },
      { iss: 'CN-ZJ', subject: subject(2), before: 1000 },
    ]);
    expect(first.changed).toBe(2);
    expect((await store.addRevocations([{ iss: 'CN-ZJ', subject: subject(1), before: 500 }])).changed).toBe(
      0,
    );
    const second = await store.addRevocations([
      { iss: 'CN-ZJ', subject: subject(1), before: 2000 },
      { iss: 'CN-YN', subject: subject(3), before: 3000 },
    ]);
    const delta = await store.trustChanges(first.version);
    expect(delta.kind).toBe('delta');
    expect(delta.version).toBe(second.version);
    expect(delta.issuers).toEqual([]);
    expect(delta.revocations.map((r) => [r.iss, r.subject[15], r.before])).toEqual([
      ['CN-YN', 3, 3000],
      ['CN-ZJ', 1, 2000],
    ]);
    const full = await store.trustChanges(0);
    expect(full.kind).toBe('full');
    expect(full.revocations).toHaveLength(3);
    expect(full.issuers.length).toBeGreaterThan(0);
  });

  it('sends a full snapshot instead of a delta once the changes outnumber half the list', async () => {
    const before = await store.trustVersion();
    const many = Array.from({ length: 40 }, (_, i) => ({
      iss: 'CN-CQ',
      subject: subject(100 + i),
      before: 5,
    }));
    await store.addRevocations(many);
    expect((await store.trustChanges(before, 10)).kind).toBe('full');
    expect((await store.trustChanges(before, 1000)).kind).toBe('delta');
  });

  it('gives a device one change behind only that change, not the 50,000-entry list', async () => {
    const big = Array.from({ length: 50_000 }, (_, i) => ({
      iss: 'CN-SH',
      subject: Uint8Array.from({ length: 16 }, (_, b) => (b < 4 ? (i >> (8 * b)) & 0xff : 7)),
      before: 1000,
    }));
    const loaded = await store.addRevocations(big);
    expect(loaded.changed).toBe(50_000);
    await store.addRevocations([{ iss: 'CN-SH', subject: subject(250), before: 2000 }]);
    const delta = await store.trustChanges(loaded.version);
    expect([delta.kind, delta.revocations.length]).toEqual(['delta', 1]);
    expect((await store.trustChanges(0)).revocations.length).toBeGreaterThan(50_000);
  }, 60_000);

  it('enrols with a token once; a used, expired or unknown token is refused by name', async () => {
    const venue = await store.addVenue({
      name: 'School',
      category: 'school',
      policy: 'zhejiang-2020',
      settings: { gate: true },
    });
    expect(await store.getVenue(venue.id)).toMatchObject({ name: 'School', settings: { gate: true } });
    const { token } = await store.createEnrolToken(venue.id, 60_000);
    const key = deviceKey();
    const a = await store.enrol({
      token,
      deviceId: 'device-a-0001',
      publicKey: key.publicKey,
      label: 'door 1',
    });
    expect(a.ok && a.value.venueId).toBe(venue.id);
    const again = await store.enrol({
      token,
      deviceId: 'device-b-0001',
      publicKey: key.publicKey,
      label: null,
    });
    expect(again).toEqual({ ok: false, error: 'token-used' });
    const short = await store.createEnrolToken(venue.id, 1, Date.now() - 10);
    expect(
      await store.enrol({
        token: short.token,
        deviceId: 'device-c-0001',
        publicKey: key.publicKey,
        label: null,
      }),
    ).toEqual({
      ok: false,
      error: 'token-expired',
    });
    expect(
      await store.enrol({
        token: 'nope-nope-nope',
        deviceId: 'device-d-0001',
        publicKey: key.publicKey,
        label: null,
      }),
    ).toEqual({
      ok: false,
      error: 'token-unknown',
    });
    const fresh = await store.createEnrolToken(venue.id, 60_000);
    expect(
      await store.enrol({
        token: fresh.token,
        deviceId: 'device-a-0001',
        publicKey: key.publicKey,
        label: null,
      }),
    ).toEqual({
      ok: false,
      error: 'device-exists',
    });
  });

  it('lets only one of two phones racing with the same link enrol', async () => {
    const venue = await store.addVenue({
      name: 'Race',
      category: 'mall',
      policy: 'zhejiang-2020',
      settings: {},
    });
    const { token } = await store.createEnrolToken(venue.id, 60_000);
    // PostgreSQL: two servers on one database. SQLite (one writer per file): two requests in one server.
    const other = backend.name === 'postgres' ? await backend.open() : store;
    const results = await Promise.all([
      store.enrol({ token, deviceId: 'race-device-1', publicKey: deviceKey().publicKey, label: null }),
      other.enrol({ token, deviceId: 'race-device-2', publicKey: deviceKey().publicKey, label: null }),
    ]);
    if (other !== store) await other.close();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(['token-used']);
  });

  it('stores a batch once: a replay is acknowledged as duplicates and nothing is doubled', async () => {
    const d = await enrolledDevice();
    const records = chain(d.id, d.venueId, 20);
    const first = await store.ingest(batchOf(records));
    expect(first.ok && first.value.accepted).toHaveLength(20);
    const replay = await store.ingest(batchOf(records));
    expect(replay.ok && replay.value).toMatchObject({
      accepted: [],
      duplicates: records.map((r) => r.id),
      gaps: [],
    });
    const overlap = chain(d.id, d.venueId, 5, records[19]);
    const mixed = await store.ingest(batchOf([...records.slice(15), ...overlap]));
    expect(mixed.ok && [mixed.value.accepted.length, mixed.value.duplicates.length]).toEqual([5, 5]);
    const exported = [];
    for await (const r of store.exportRecords({ venueId: d.venueId })) exported.push(r.record.id);
    expect(exported).toEqual([...records, ...overlap].map((r) => r.id));
    expect((await store.getDevice(d.id))?.lastSeq).toBe(25);
  });

  it('flags a gap, keeps the batch, and resolves the gap when the missing records arrive', async () => {
    const d = await enrolledDevice();
    const records = chain(d.id, d.venueId, 30);
    const late = await store.ingest(batchOf(records.slice(20)));
    expect(late.ok && late.value.gaps).toEqual([20]);
    expect((await store.chainEvents(d.id)).map((e) => [e.kind, e.seq, e.resolvedAt === null])).toEqual([
      ['gap', 20, true],
    ]);
    expect((await store.listDevices()).find((x) => x.id === d.id)?.openGaps).toBe(1);
    const rest = await store.ingest(batchOf(records.slice(0, 20)));
    expect(rest.ok && rest.value.accepted).toHaveLength(20);
    expect((await store.chainEvents(d.id)).every((e) => e.resolvedAt !== null)).toBe(true);
  });

  it('refuses a fork as a whole batch, stores none of it, and flags it', async () => {
    const d = await enrolledDevice();
    const records = chain(d.id, d.venueId, 10);
    await store.ingest(batchOf(records.slice(0, 5)));
    // Another history from seq 5 on: seq 5 differs from the stored one.
    const forked = chain(d.id, d.venueId, 3, records[3]!, (i) => ({
      ...records[0]!,
      at: new Date(i * 1e6).toISOString(),
    }));
    const refused = await store.ingest(batchOf([...forked]));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.kind).toBe('fork');
    expect((await store.getDevice(d.id))?.received).toBe(5);
    // A record whose prevHash does not match the stored predecessor.
    const stranger = chain(d.id, d.venueId, 7)[5]!;
    const linked = await store.ingest(batchOf([stranger]));
    expect(!linked.ok && linked.error.kind).toBe('fork');
    expect((await store.chainEvents(d.id)).filter((e) => e.kind === 'fork').map((e) => e.seq)).toEqual([
      5, 6,
    ]);
    // The true continuation is still accepted.
    const rest = await store.ingest(batchOf(records.slice(5)));
    expect(rest.ok && rest.value.accepted).toHaveLength(5);
  });

  it('refuses every batch of a disabled device and of an unknown one', async () => {
    const d = await enrolledDevice();
    await store.disableDevice(d.id);
    expect((await store.getDevice(d.id))?.disabledAt).not.toBeNull();
    const r = await store.ingest(batchOf(chain(d.id, d.venueId, 2)));
    expect(!r.ok && r.error.kind).toBe('device-disabled');
    const u = await store.ingest(batchOf(chain('no-such-device', d.venueId, 2)));
    expect(!u.ok && u.error.kind).toBe('unknown-device');
  });

  it('exports each record once, in time order, narrowed by time and venue, across pages', async () => {
    const d = await enrolledDevice();
    const records = chain(d.id, d.venueId, 45);
    for (let i = 0; i < 45; i += 10) await store.ingest(batchOf(records.slice(i, i + 10)));
    const all = [];
    for await (const r of store.exportRecords({ venueId: d.venueId, pageSize: 7 })) all.push(r.record);
    expect(all.map((r) => r.seq)).toEqual(records.map((r) => r.seq));
    expect(all[0]).toEqual(records[0]);
    const since = [];
    for await (const r of store.exportRecords({ venueId: d.venueId, sinceMs: Date.parse(records[40]!.at) }))
      since.push(r);
    expect(since).toHaveLength(5);
  });

  it('files records under the venue the device is enrolled for, even those logged before enrolment', async () => {
    const d = await enrolledDevice();
    const records = chain(d.id, 'local', 3);
    await store.ingest(batchOf(records));
    const mine = [];
    for await (const r of store.exportRecords({ venueId: d.venueId })) mine.push(r.record);
    expect(mine.map((r) => [r.id, r.venueId])).toEqual(records.map((r) => [r.id, 'local']));
  });

  it('purges by received day: old days go, recent days stay', async () => {
    const d = await enrolledDevice();
    const records = chain(d.id, d.venueId, 30);
    const now = Date.now();
    await store.ingest(batchOf(records.slice(0, 10)), now - 40 * 86_400_000);
    await store.ingest(batchOf(records.slice(10, 20)), now - 29 * 86_400_000);
    await store.ingest(batchOf(records.slice(20)), now);
    const purged = await store.purge(now - 28 * 86_400_000);
    expect(purged.days.length).toBeGreaterThanOrEqual(2);
    // The two old days went (as YYYYMMDD), today did not.
    const ymd = (ms: number) => partitionName(dayOf(ms)).slice(8);
    expect(purged.days).toEqual(
      expect.arrayContaining([ymd(now - 40 * 86_400_000), ymd(now - 29 * 86_400_000)]),
    );
    expect(purged.days).not.toContain(ymd(now));
    const kept = [];
    for await (const r of store.exportRecords({ venueId: d.venueId })) kept.push(r.record.seq);
    expect(kept).toEqual(records.slice(20).map((r) => r.seq));
    if (backend.name === 'postgres') {
      const parts = await store.sql.all<{ n: number }>(
        `SELECT COUNT(*) AS n FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
         JOIN pg_namespace s ON s.oid = p.relnamespace WHERE p.relname = 'records' AND s.nspname = current_schema()`,
      );
      // Only today's partition is left: whole days were dropped, not rows deleted.
      expect(Number(parts[0]?.n)).toBe(1);
      expect(purged.records).toBeNull();
    } else {
      expect(purged.records).toBe(20);
    }
  });
});
