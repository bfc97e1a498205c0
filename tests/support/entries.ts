// Decision entries as the device logs them: one builder, and a stream of varied samples made with it.
import type { ManualDetails } from '../../src/core/entry.js';
import type { DecisionEntry } from '../../src/core/log.js';
import type { StoredRecord } from '../../src/store/db.js';

/** A green Zhejiang code scanned and admitted at `at` (ISO time); `over` changes any field. */
export function entry(at: string, over: Partial<DecisionEntry> = {}): DecisionEntry {
  return {
    at,
    venueId: 'v1',
    policy: 'zhejiang-2020',
    policyVersion: 1,
    source: 'scan',
    result: 'ok',
    colour: 'green',
    decision: 'admit',
    actions: [],
    rules: ['green'],
    iss: 'CN-ZJ',
    subject: '00'.repeat(16),
    maskedName: '张*',
    idLast4: '1234',
    temperature: null,
    override: null,
    sealed: null,
    ...over,
  };
}

/** A red code as the policies decide it: denied, held, reported and escorted (001 §2(1)). */
export const RED: Partial<DecisionEntry> = {
  colour: 'red',
  decision: 'deny',
  actions: ['hold', 'report', 'escort'],
};

/** A yellow code at a restricted venue: denied and sent to a test (001 §2(2)). */
export const YELLOW: Partial<DecisionEntry> = { colour: 'yellow', decision: 'deny', actions: ['test'] };

/** ISO time `minute` minutes after 08:00 UTC on 2026-12-01: a morning's entries in order. */
export const atMinute = (minute: number): string => new Date(Date.UTC(2026, 11, 1, 8, minute)).toISOString();

/**
 * The i-th sample decision at `venueId`, a second after the one before from `baseMs`: every 7th finds a red
 * code (denied, held, reported and escorted: 001 §2(1)) and every 11th a yellow one (denied, held); each has
 * its own subject and last four.
 */
export function sampleEntry(i: number, venueId: string, baseMs = Date.UTC(2026, 10, 20, 8)): DecisionEntry {
  const colour = i % 7 === 0 ? 'red' : i % 11 === 0 ? 'yellow' : 'green';
  return entry(new Date(baseMs + i * 1000).toISOString(), {
    venueId,
    colour,
    decision: colour === 'green' ? 'admit' : 'deny',
    actions: colour === 'red' ? ['hold', 'report', 'escort'] : colour === 'yellow' ? ['hold'] : [],
    rules: ['r1'],
    subject: i.toString(16).padStart(32, '0'),
    maskedName: '张*三',
    idLast4: String(1000 + (i % 9000)),
  });
}

/** What manual entry hands the entry rules for a person without a phone: masked, sealed, 36.4 °C, masked face. */
export const manualDetails: ManualDetails = {
  maskedName: '李*',
  idLast4: '0018',
  sealed: 'c2VhbGVk',
  temperature: 36.4,
  mask: true,
  proxy: false,
};

/** An entry as a fake device log stores it (device "d", no chain hashes, not synced), for a model's append. */
export function storedRecord(entry: DecisionEntry, id: string, seq: number): StoredRecord {
  return { ...entry, id, deviceId: 'd', seq, prevHash: '', hash: '', synced: 0 } as StoredRecord;
}
