// Sample decision entries and chains of records; the server helpers (backends, device keys, `serve`) live in
// tests/support/server.ts and are re-exported here for the tests that still import them from this file.
import { v7 as uuidv7 } from 'uuid';
import { chainRecord, type DecisionEntry, type DecisionRecord } from '../../src/core/log.js';

export {
  BACKENDS,
  DATABASE_URL,
  deviceKey,
  ensureBuilt,
  postgresBackend,
  sqliteBackend,
  type Backend,
} from '../support/server.js';

/** The i-th sample decision: every 7th finds a red code, every 11th a yellow one. */
export function entry(i: number, venueId: string, baseMs = Date.UTC(2026, 10, 20, 8)): DecisionEntry {
  const colour = i % 7 === 0 ? 'red' : i % 11 === 0 ? 'yellow' : 'green';
  return {
    at: new Date(baseMs + i * 1000).toISOString(),
    venueId,
    policy: 'zhejiang-2020',
    policyVersion: 1,
    source: 'scan',
    result: 'ok',
    colour,
    decision: colour === 'green' ? 'admit' : 'deny',
    actions: colour === 'green' ? [] : ['hold'],
    rules: ['r1'],
    iss: 'CN-ZJ',
    subject: i.toString(16).padStart(32, '0'),
    maskedName: '张*三',
    idLast4: String(1000 + (i % 9000)),
    temperature: null,
    override: null,
    sealed: null,
  };
}

/** A device's chain of `n` records (seq 1..n), continuing after `prev` when given. */
export function chain(
  deviceId: string,
  venueId: string,
  n: number,
  prev: DecisionRecord | null = null,
  make: (i: number) => DecisionEntry = (i) => entry(i, venueId),
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
