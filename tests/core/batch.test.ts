// Upload batches: at most 500 records of one device, signed by its key; reports go first.
import { describe, expect, it } from 'vitest';
import { batchIdOf, MAX_BATCH_RECORDS, nextBatch, signBatch, verifyBatch } from '../../src/core/batch.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { chain, deviceKey } from '../support/chains.js';

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
  it('takes red and yellow reports first, then the oldest, and returns them in seq order', () => {
    const picked = nextBatch(records, 8);
    const reports = records.filter((r) => r.colour !== 'green');
    expect(reports.length).toBeGreaterThan(4);
    expect(picked).toHaveLength(8);
    for (const r of reports.slice(0, 8)) expect(picked).toContain(r);
    expect(picked.map((r) => r.seq)).toEqual([...picked.map((r) => r.seq)].sort((a, b) => a - b));
  });
});
