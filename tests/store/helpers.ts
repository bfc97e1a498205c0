// A fresh, isolated in-memory IndexedDB for each test, and a decision entry to log.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createStore, type UseStore } from 'idb-keyval';
import { CheckpointDb } from '../../src/store/db.js';
import type { DecisionEntry } from '../../src/core/log.js';

let n = 0;

/** A Dexie database on its own fake IndexedDB. */
export function freshDb(): CheckpointDb {
  return new CheckpointDb(`test-${++n}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

/** An idb-keyval store of its own (the test file imports fake-indexeddb/auto for the global IndexedDB). */
export function freshKv(): UseStore {
  return createStore(`kv-${++n}`, 'kv');
}

/** A scanned green code admitted at `at`. */
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
