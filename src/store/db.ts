// The device's IndexedDB database (Dexie): the decision log, the trust data and a few device facts.
import Dexie, { type Table } from 'dexie';
import type { DecisionRecord } from '../core/log.js';
import type { IssuerKey } from '../core/trust.js';
import type { RevocationEntry } from '../core/revocations.js';

/** A decision record as the device keeps it: `synced` is 0 until the server has acknowledged it. */
export interface StoredRecord extends DecisionRecord {
  synced: 0 | 1;
}

/** The record as chained and synced, without the device's own sync flag (which is not part of the hash). */
export function chainedRecord(stored: StoredRecord): DecisionRecord {
  const { synced: _synced, ...record } = stored;
  return record;
}

/** What the device trusts: issuer keys, revocations, the authority's sealing key, and when it got them. */
export interface TrustSnapshot {
  keys: IssuerKey[];
  revocations: RevocationEntry[];
  /** The health authority's X25519 public key that manual entries are sealed to, if known. */
  authorityKey: Uint8Array | null;
  /** When this trust data was issued or loaded, milliseconds since the epoch (its age is shown on every decision). */
  updatedAt: number;
  /** Where it came from: a file loaded in Settings, or a signed bundle from the server. */
  source: 'file' | 'bundle';
  /** The longest the device may work on this data without a refresh (seconds); null: the policy's limit applies. */
  maxOfflineSeconds: number | null;
  /** The signed bundle's version, when it came from one. */
  version: number | null;
}

interface TrustRow extends TrustSnapshot {
  id: 'current';
}

interface MetaRow {
  key: string;
  value: unknown;
}

/** The Dexie database; tests construct their own with a unique name. */
export class CheckpointDb extends Dexie {
  records!: Table<StoredRecord, string>;
  trust!: Table<TrustRow, 'current'>;
  meta!: Table<MetaRow, string>;

  constructor(
    name = 'checkpoint',
    options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {},
  ) {
    // 'strict' makes Chrome flush each write to disk before the transaction completes: a decision shown is a decision kept.
    super(name, { chromeTransactionDurability: 'strict', ...options });
    this.version(1).stores({
      records: '&id, &[deviceId+seq], at, synced, idLast4',
      trust: '&id',
      meta: '&key',
    });
  }
}

let shared: CheckpointDb | null = null;

/** The app's database, opened on first use (never at import). */
export function appDb(): CheckpointDb {
  shared ??= new CheckpointDb();
  return shared;
}
