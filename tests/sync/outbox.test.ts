// The outbox over the device's log (src/sync/outbox.ts): the uploader asks for its next batch, and gets the oldest
// waiting records in seq order from an index, plus the oldest that file a report (003 §17: sent first).
import { describe, expect, it } from 'vitest';
import type { DecisionEntry } from '../../src/core/log.js';
import { appendDecision } from '../../src/store/log.js';
import { dexieOutbox } from '../../src/sync/outbox.js';
import { freshDb } from '../support/db.js';
import { entry } from '../support/entries.js';

const reported: Partial<DecisionEntry> = { colour: 'red', decision: 'deny', actions: ['hold', 'report'] };

/** A device log of `n` decisions a minute apart; `over(seq)` changes one, `amends` makes it amend an earlier seq. */
async function deviceLog(
  n: number,
  over: (seq: number) => Partial<DecisionEntry> & { amendsSeq?: number } = () => ({}),
) {
  const db = freshDb();
  const ids: string[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const { amendsSeq, ...change } = over(seq);
    const at = new Date(Date.UTC(2026, 11, 1, 8, seq)).toISOString();
    const written = await appendDecision(
      entry(at, { ...change, ...(amendsSeq ? { amends: ids[amendsSeq - 1]! } : {}) }),
      db,
    );
    if (!written.ok) throw new Error(written.error.message);
    ids.push(written.value.id);
  }
  return { db, ids, outbox: dexieOutbox(db) };
}

const seqs = (records: readonly { seq: number }[]) => records.map((r) => r.seq).sort((a, b) => a - b);

describe('the next batch', () => {
  it('is the oldest waiting records by seq, past those synced and those parked', async () => {
    const { ids, outbox } = await deviceLog(12);
    await outbox.markSynced([ids[0]!, ids[1]!, ids[4]!]);
    await outbox.park({
      batchId: 'b',
      parkedAt: new Date().toISOString(),
      status: 422,
      error: 'tampered',
      message: 'Record 4 does not match its hash.',
      recordIds: [ids[3]!],
      firstSeq: 4,
      lastSeq: 4,
    });
    expect(seqs(await outbox.pending(4))).toEqual([3, 6, 7, 8]);
    expect(seqs(await outbox.pending())).toEqual([3, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('takes every record asking for a report beyond the limit, with what it amends that is still waiting', async () => {
    // seq 9 held a red code for its temperature (000 §7(2)3); seq 10 amends it and reports (002 §4(1)); seq 12
    // reports at the scan (001 §2(1)).
    const { outbox } = await deviceLog(12, (seq) =>
      seq === 10 ? { ...reported, amendsSeq: 9 } : seq === 12 ? reported : {},
    );
    expect(seqs(await outbox.pending(3))).toEqual([1, 2, 3, 9, 10, 12]);
  });

  it('takes at most `limit` reports, the oldest, when more wait than a batch holds', async () => {
    const { outbox } = await deviceLog(9, (seq) => (seq >= 5 ? reported : {}));
    expect(seqs(await outbox.pending(2))).toEqual([1, 2, 5, 6]);
  });

  it('is empty when nothing waits', async () => {
    const { ids, outbox } = await deviceLog(3);
    await outbox.markSynced(ids);
    expect(await outbox.pending(500)).toEqual([]);
    expect(await outbox.pendingCount()).toBe(0);
  });
});
