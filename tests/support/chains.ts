// Chains of decision records as a device uploads them, and the device key that signs their batches. Pure: no
// server or database, so core tests can use them.
import nacl from 'tweetnacl';
import { v7 as uuidv7 } from 'uuid';
import { batchIdOf, BATCH_FORMAT, type BatchBody, type Signer } from '../../src/core/batch.js';
import { chainRecord, type DecisionEntry, type DecisionRecord } from '../../src/core/log.js';
import { sampleEntry } from './entries.js';

/** A device key pair and a Signer over it (tweetnacl). */
export function deviceKey(): { signer: Signer; publicKey: Uint8Array; secretKey: Uint8Array } {
  const pair = nacl.sign.keyPair();
  return {
    publicKey: pair.publicKey,
    secretKey: pair.secretKey,
    signer: { publicKey: pair.publicKey, sign: async (m) => nacl.sign.detached(m, pair.secretKey) },
  };
}

/**
 * A device's chain of `n` records (seq 1..n with UUIDv7 ids), continuing after `prev` when given; `make(seq)`
 * gives each record's entry (default: the samples of `sampleEntry`).
 */
export function chain(
  deviceId: string,
  venueId: string,
  n: number,
  prev: DecisionRecord | null = null,
  make: (seq: number) => DecisionEntry = (seq) => sampleEntry(seq, venueId),
): DecisionRecord[] {
  const out: DecisionRecord[] = [];
  let last = prev;
  for (let i = 0; i < n; i++) {
    const r = chainRecord(make((last?.seq ?? 0) + 1), { id: uuidv7(), deviceId, prev: last });
    out.push(r);
    last = r;
  }
  return out;
}

/** An unsigned batch of one device's records, made now, as the server's ingest takes it. */
export const batchOf = (records: DecisionRecord[]): BatchBody => ({
  format: BATCH_FORMAT,
  deviceId: records[0]!.deviceId,
  batchId: batchIdOf(records),
  createdAt: new Date().toISOString(),
  records,
});
