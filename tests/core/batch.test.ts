// Upload batches: at most 500 records of one device, signed by its key; records asking for a report go first.
import { describe, expect, it } from 'vitest';
import { batchIdOf, MAX_BATCH_RECORDS, nextBatch, signBatch, verifyBatch } from '../../src/core/batch.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { chainRecord, type DecisionRecord } from '../../src/core/log.js';
import { chain, deviceKey } from '../support/chains.js';
import { entry, sampleEntry } from '../support/entries.js';

const key = deviceKey();
const records = chain('dev-1', 'venue-1', 30);

describe('signBatch / verifyBatch', () => {
  it('round-trips: a batch signed by the device verifies with its public key', async () => {
    const signed = await signBatch('dev-1', records.slice(0, 10), key.signer, '2026-11-20T08:00:00Z');
    expect(signed.ok).toBe(true);
    if (!signed.ok) return;
    expect(signed.value.batch.batchId).toBe(batchIdOf(records.slice(0, 10)));
    const v = await verifyBatch(JSON.parse(JSON.stringify(signed.value)), key.publicKey, naclEd25519);
    expect(v.ok && v.value.records).toHaveLength(10);
  });

  it('refuses a batch signed by another key', async () => {
    const signed = await signBatch('dev-1', records.slice(0, 3), deviceKey().signer, '2026-11-20T08:00:00Z');
    if (!signed.ok) throw new Error('sign');
    expect(await verifyBatch(signed.value, key.publicKey, naclEd25519)).toEqual({
      ok: false,
      error: { kind: 'bad-signature' },
    });
  });

  it('refuses a record changed after it was chained, even when the batch is re-signed', async () => {
    const original = records[1]!;
    const forged = [
      records[0]!,
      { ...original, decision: original.decision === 'admit' ? ('deny' as const) : ('admit' as const) },
    ];
    const signed = await signBatch('dev-1', forged, key.signer, '2026-11-20T08:00:00Z');
    if (!signed.ok) throw new Error('sign');
    expect(await verifyBatch(signed.value, key.publicKey, naclEd25519)).toEqual({
      ok: false,
      error: { kind: 'tampered', seq: 2 },
    });
  });

  it("refuses more than 500 records and another device's records", async () => {
    const many = chain('dev-1', 'venue-1', MAX_BATCH_RECORDS + 1);
    expect(await signBatch('dev-1', many, key.signer, '2026-11-20T08:00:00Z')).toEqual({
      ok: false,
      error: { kind: 'too-large', count: 501 },
    });
    expect(await signBatch('dev-2', records.slice(0, 2), key.signer, '2026-11-20T08:00:00Z')).toMatchObject({
      ok: false,
      error: { kind: 'foreign-record' },
    });
  });

  it('refuses a batch whose id does not match its records', async () => {
    const signed = await signBatch('dev-1', records.slice(0, 3), key.signer, '2026-11-20T08:00:00Z');
    if (!signed.ok) throw new Error('sign');
    const resigned = await signBatch('dev-1', records.slice(0, 4), key.signer, '2026-11-20T08:00:00Z');
    if (!resigned.ok) throw new Error('sign');
    const mixed = {
      batch: { ...resigned.value.batch, batchId: signed.value.batch.batchId },
      signature: resigned.value.signature,
    };
    expect((await verifyBatch(mixed, key.publicKey, naclEd25519)).ok).toBe(false);
  });
});

describe('nextBatch', () => {
  it('takes records asking for a report first, then the oldest, and returns them in seq order', () => {
    const some = chain('dev-1', 'venue-1', 30, null, (seq) => {
      const sample = sampleEntry(seq, 'venue-1');
      return { ...sample, actions: seq % 4 === 0 ? ['hold', 'report'] : [] };
    });
    const picked = nextBatch(some, 8);
    const reports = some.filter((r) => r.actions.includes('report'));
    expect(reports.map((r) => r.seq)).toEqual([4, 8, 12, 16, 20, 24, 28]);
    expect(picked.map((r) => r.seq)).toEqual([1, 4, 8, 12, 16, 20, 24, 28]);
  });

  // 003 §17: reported at once. What goes first is the `report` action, not the colour: a red only held (Yunnan's
  // hospital waiting for the temperature, 000 §7(2)3) waits its turn, unless an amendment of it asks for a report
  // (002 §4(1), 000 §6(3)1), which brings the records it amends along so the server sees the decision whole.
  it.each([
    ['a red only held waits its turn', [{}, {}, { colour: 'red' }, {}], 2, [1, 2]],
    ['a green asking for a report goes first', [{}, {}, {}, { report: true }], 2, [1, 4]],
    [
      'an amendment asking for a report brings the record it amends',
      [{}, { colour: 'red' }, {}, { amends: 2, report: true }],
      2,
      [2, 4],
    ],
    [
      'through an amendment that asks for nothing',
      [{}, { colour: 'red', report: true }, { amends: 2 }, {}, { amends: 3, report: true }],
      3,
      [2, 3, 5],
    ],
  ] as const)('%s', (_, specs, max, seqs) => {
    const made: DecisionRecord[] = [];
    for (const spec of specs as readonly { colour?: 'red'; report?: true; amends?: number }[]) {
      const amends = spec.amends === undefined ? {} : { amends: made[spec.amends - 1]!.id };
      const e = entry(new Date(Date.UTC(2026, 0, 1) + made.length * 1000).toISOString(), {
        ...(spec.colour
          ? { colour: spec.colour, decision: 'deny' as const, actions: ['hold' as const] }
          : {}),
        ...(spec.report ? { actions: ['hold' as const, 'report' as const] } : {}),
        ...amends,
      });
      made.push(chainRecord(e, { id: `r${made.length + 1}`, deviceId: 'd', prev: made.at(-1) ?? null }));
    }
    expect(nextBatch(made, max).map((r) => r.seq)).toEqual(seqs);
  });
});
