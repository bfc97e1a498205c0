// The device's Dexie database and idb-keyval stores on fake IndexedDB, fresh for each test.
import type Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createStore, type UseStore } from 'idb-keyval';
import { CheckpointDb } from '../../src/store/db.js';
import { olderDbIn } from './update-v5.js';

let n = 0;

/**
 * The app's database on a fake IndexedDB of its own; pass a shared `factory` (and a `name`) to open one
 * database twice, as two tabs or an upgrade do.
 */
export function freshDb(name = `test-${++n}`, factory: IDBFactory = new IDBFactory()): CheckpointDb {
  return new CheckpointDb(name, { indexedDB: factory, IDBKeyRange });
}

/** An idb-keyval store of its own (the test file imports fake-indexeddb/auto for the global IndexedDB). */
export function freshKv(): UseStore {
  return createStore(`kv-${++n}`, 'kv');
}

/**
 * Database `name` on `factory` as an earlier version of the app declared it (`records`: that version's indexes),
 * to write a log that an upgrade then opens, or to act as a tab still running that version.
 */
export function olderDb(name: string, factory: IDBFactory, version: number, records: string): Dexie {
  return olderDbIn(name, { indexedDB: factory, IDBKeyRange }, version, records);
}
