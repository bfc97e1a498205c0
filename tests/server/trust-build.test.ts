// Building the shared trust object (server/trust-build.ts, trust-job.ts, trust-records.ts) on SQLite and
// PostgreSQL: what a device opens from the stored parts is exactly the shared list (every issuer, the later
// `before`, colours; not a venue's own entries), a delta holds only what changed, and rows that cannot be
// encoded are refused rather than shifted.
import { describe, expect, it } from 'vitest';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { columnsOf, entriesOfColumns } from '../../src/core/revocation-list.js';
import type { RevocationEntry } from '../../src/core/revocations.js';
import { openTrustObject, type TrustPointer } from '../../src/core/trust-object.js';
import { trustObject } from '../../src/server/trust-build.js';
import { columnsFromRecords, partsOf, RECORD } from '../../src/server/trust-records.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { BACKENDS, suiteDb } from '../support/server.js';
import { revocationEntries } from '../support/revocations.js';

async function open(db: ServerDb, pointer: TrustPointer) {
  const meta = (await db.trustObjects.get(pointer.hash))!;
  const bytes = await db.trustObjects.read(meta, 0, meta.size);
  const root = (await db.meta.rootKey()).publicKey;
  const opened = await openTrustObject(bytes, pointer, root, naclEd25519);
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  return opened.value;
}

const listed = (list: Parameters<typeof entriesOfColumns>[0]) => [...entriesOfColumns(list)];

describe.each(BACKENDS)('trust objects built on $name', ({ make }) => {
  const t = suiteDb(make);
  const zj = revocationEntries(3000).map((e, i) => (i % 4 ? e : { ...e, colour: 'red' as const }));
  const yn = revocationEntries(20, 5000).map((e) => ({ ...e, iss: 'CN-YN' }));

  it('stores a snapshot of every shared revocation, sorted per issuer, that the root signed', async () => {
    await t.db.trust.addRevocations([...yn, ...zj]);
    await t.db.trust.addRevocations(revocationEntries(5, 9000), (await t.db.venues.add(venue)).id);
    const version = await t.db.trust.version();
    const object = await open(t.db, await trustObject(t.db, 0, version));
    expect(object).toMatchObject({ kind: 'full', version, since: 0 });
    expect(listed(object.revocations)).toEqual(listed(columnsOf([...zj, ...yn])));
  });

  it('stores a delta of only the entries changed since a version, each with its later `before`', async () => {
    const since = await t.db.trust.version();
    const later = [{ ...zj[7]!, before: zj[7]!.before + 60 }, ...revocationEntries(3, 7000)];
    await t.db.trust.addRevocations(later);
    const version = await t.db.trust.version();
    const pointer = await trustObject(t.db, since, version);
    const object = await open(t.db, pointer);
    expect(object).toMatchObject({ kind: 'delta', version, since });
    expect(listed(object.revocations)).toEqual(listed(columnsOf(later)));
    // Built once: asked again, the same stored object.
    expect(await trustObject(t.db, since, version)).toEqual(pointer);
  });
});

describe.each(BACKENDS)('a revocation row the list cannot hold, on $name', ({ make }) => {
  const t = suiteDb(make);
  it('refuses to build rather than shift every entry after it', async () => {
    await t.db.trust.addRevocations(revocationEntries(10));
    await t.db.sql.run(
      `INSERT INTO revocations (iss, subject, before_s, colour, version, venue_id)
       VALUES ('CN-ZJ', 'not hex at all', 1, NULL, $1, NULL)`,
      [await t.db.trust.version()],
    );
    await expect(trustObject(t.db, 0, await t.db.trust.version())).rejects.toThrow(/hex|does not fit/);
  });
});

const venue = { name: 'Demo', category: 'mall', policy: 'zhejiang-2020', settings: {} };

/** Records as trust-job.ts reads them: issuer rank, subject, `before` (u32 BE), colour code. */
function records(entries: readonly (RevocationEntry & { rank: number })[]): Uint8Array {
  const bytes = new Uint8Array(entries.length * RECORD);
  const view = new DataView(bytes.buffer);
  entries.forEach((e, i) => {
    bytes[i * RECORD] = e.rank;
    bytes.set(e.subject, i * RECORD + 1);
    view.setUint32(i * RECORD + 17, e.before);
    bytes[i * RECORD + 21] = e.colour ? ['green', 'yellow', 'red'].indexOf(e.colour) + 1 : 0;
  });
  return bytes;
}

describe('revocation records', () => {
  const crowded = (n: number) => Uint8Array.from({ length: 16 }, (_, i) => (i < 2 ? 7 : i === 15 ? n : 3));
  it.each([
    ['spread subjects in any order', revocationEntries(5000).reverse()],
    [
      'many subjects sharing two leading bytes (past the insertion sort)',
      Array.from({ length: 200 }, (_, i) => ({ iss: 'CN-ZJ', subject: crowded(199 - i), before: i })),
    ],
  ])('sorts %s as columnsOf does', (_case, entries) => {
    const bytes = records(entries.map((e) => ({ ...e, rank: 0 })));
    expect(listed(columnsFromRecords({ names: ['CN-ZJ'], bytes }))).toEqual(listed(columnsOf(entries)));
  });

  it('keeps one entry per subject listed twice (the later `before`, with its colour), and issuers apart', () => {
    const s = crowded(1);
    const entries = [
      { iss: 'CN-ZJ', subject: s, before: 100, colour: 'red' as const, rank: 1 },
      { iss: 'CN-ZJ', subject: s, before: 300, rank: 1 },
      { iss: 'CN-ZJ', subject: s, before: 300, colour: 'yellow' as const, rank: 1 },
      { iss: 'CN-BJ', subject: s, before: 50, rank: 0 },
    ];
    const columns = columnsFromRecords({ names: ['CN-BJ', 'CN-ZJ', 'CN-YN'], bytes: records(entries) });
    expect(listed(columns)).toEqual([
      { iss: 'CN-BJ', subject: s, before: 50 },
      { iss: 'CN-ZJ', subject: s, before: 300, colour: 'yellow' },
    ]);
  });

  it.each([
    [10, 4, [4, 4, 4, 2]],
    [8, 4, [4, 4, 4]],
    [4, 8, [8]],
  ])('cuts %i content bytes and a 4-byte signature into parts of %i', (size, partSize, lengths) => {
    const buffer = Uint8Array.from({ length: size + 64 }, (_, i) => i);
    const parts = partsOf(
      { buffer, size, digest: new Uint8Array(32) },
      new Uint8Array(4).fill(0xee),
      partSize,
    );
    expect(parts.map((p) => p.length)).toEqual(lengths);
    const whole = Uint8Array.from(parts.flatMap((p) => [...p]));
    expect(whole.subarray(0, size)).toEqual(buffer.subarray(0, size));
    expect([...whole.subarray(size)]).toEqual([0xee, 0xee, 0xee, 0xee]);
  });
});
