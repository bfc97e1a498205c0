// The device's IndexedDB database (Dexie): the decision log, the trust data and a few device facts.
import Dexie, { type Table, type Transaction } from 'dexie';
import { GENESIS, type DecisionRecord } from '../core/log.js';
import type { BundleVenue } from '../core/bundle.js';
import type { IssuerKey } from '../core/trust.js';
import type { RevocationEntry } from '../core/revocations.js';
import type { PackagedPolicy } from '../core/policy/delivered.js';
import { filesItsReport } from '../core/report.js';

/** A decision record as the device keeps it: `synced` is 0 until the server has acknowledged it. */
export interface StoredRecord extends DecisionRecord {
  synced: 0 | 1;
  /**
   * 1 while the record files its decision's report (003 §17: it asks for one and nothing it amends did,
   * core/report.ts) and the server has not acknowledged it; absent otherwise, so its index holds only the
   * reports waiting, not every record that ever asked for one.
   */
  reportPending?: 1;
}

/** The record as chained and synced, without the device's own sync markers (which are not part of the hash). */
export function chainedRecord(stored: StoredRecord): DecisionRecord {
  const { synced: _synced, reportPending: _reportPending, ...record } = stored;
  return record;
}

/** What the device trusts: issuer keys, revocations, the authority's sealing key, and when it got them. */
export interface TrustSnapshot {
  keys: IssuerKey[];
  revocations: RevocationEntry[];
  /** The shared revocations in the binary list format (core/revocation-list.ts), beside `revocations`. */
  revocationList?: Uint8Array;
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
  /** The venue the signed bundle names: once enrolled, its category and policy decide, not Settings'. */
  venue?: BundleVenue | null;
  /** The policies the signed bundle delivered (the venue's), by name and version; absent before any bundle. */
  policies?: PackagedPolicy[];
}

interface TrustRow extends TrustSnapshot {
  id: 'current';
}

interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * Where the device's chain ends: its device id and the seq and hash of its last record (0 and GENESIS before
 * the first). Kept in `meta` under CHAIN_HEAD and rewritten in the transaction that adds each record, so a
 * write reads one row instead of searching the records. The same row carries the log's counts (store/log-counts.ts).
 */
export interface ChainHead {
  deviceId: string;
  seq: number;
  hash: string;
}

/** The meta key of the chain head. */
export const CHAIN_HEAD = 'chainHead';

/** The meta key of the device id (store/device.ts). */
export const DEVICE_ID = 'deviceId';

/** The stored chain head if the row holds one, else null (absent, or written by something else). */
export function asChainHead(value: unknown): ChainHead | null {
  const v = value as Partial<ChainHead> | null | undefined;
  return typeof v?.deviceId === 'string' &&
    typeof v.hash === 'string' &&
    typeof v.seq === 'number' &&
    Number.isInteger(v.seq) &&
    v.seq >= 0
    ? { deviceId: v.deviceId, seq: v.seq, hash: v.hash }
    : null;
}

/** The head of `device`'s chain as its records say (the last by seq); call inside a transaction over records. */
export async function chainHeadFromRecords(
  records: Table<StoredRecord, string>,
  device: string,
): Promise<ChainHead> {
  const last = await records
    .where('[deviceId+seq]')
    .between([device, Dexie.minKey], [device, Dexie.maxKey])
    .last();
  return { deviceId: device, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS };
}

// Version 2 adds the chain head row. Devices already have logs, so the upgrade finds each one's head in its
// records. A tab still running version 1 code goes on writing (Dexie opens the newer version, whose stores are
// the same) without moving the head; appendDecision repairs a head that such a write left behind.
async function fillChainHead(tx: Transaction): Promise<void> {
  const device = (await tx.table<MetaRow, string>('meta').get(DEVICE_ID))?.value;
  if (typeof device !== 'string') return;
  const head = await chainHeadFromRecords(tx.table<StoredRecord, string>('records'), device);
  await tx.table<MetaRow, string>('meta').put({ key: CHAIN_HEAD, value: head });
}

/** The indexes the day's figures are counted on (store/day-stats.ts). */
export const DAY_INDEXES = '[decision+at], [result+at], [at+amends]';

// The records' indexes as this version of the app declares them.
const RECORD_INDEXES = `&id, &[deviceId+seq], at, synced, idLast4, [synced+deviceId+seq], ${DAY_INDEXES}, reportPending`;

// Version 6 marks the records that file a report and wait for the server (few: found on the actions index).
async function markReportsPending(tx: Transaction): Promise<void> {
  const records = tx.table<StoredRecord, string>('records');
  const asking = await records.where('actions').equals('report').toArray();
  const filing: StoredRecord[] = [];
  for (const r of asking)
    if (r.synced === 0 && (await filesItsReport(r, (id) => records.get(id))))
      filing.push({ ...r, reportPending: 1 });
  await records.bulkPut(filing);
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
    this.version(2).stores({}).upgrade(fillChainHead);
    // Version 3 indexes each record's actions (multi-entry): the reports waiting to send are counted from the
    // few records that ask for a report, not from every unsynced one.
    this.version(3).stores({ records: '&id, &[deviceId+seq], at, synced, idLast4, *actions' });
    // Version 4: the uploader reads the next batch (the oldest unsynced records in seq order) from an index,
    // not every unsynced record for each batch (100,000 waiting made that 10 million reads).
    this.version(4).stores({
      records: '&id, &[deviceId+seq], at, synced, idLast4, *actions, [synced+deviceId+seq]',
    });
    // Version 5: the log screen's day figures are counted on indexes instead of reading the day's records (at
    // 100,000 records that read took seconds): decisions by time, misreads by time, and the records that amend
    // another (only those have `amends`, so only they are in that index). IndexedDB indexes the records already
    // held while it upgrades; no record changes.
    this.version(5).stores({
      records: `&id, &[deviceId+seq], at, synced, idLast4, *actions, [synced+deviceId+seq], ${DAY_INDEXES}`,
    });
    // Version 6: the reports waiting are counted on the records marked `reportPending`, not read from every record
    // that ever asked for a report (the uploader read those for each batch, synced or not). The upgrade marks the
    // unsynced ones that file a report, found on the actions index while it still exists.
    this.version(6)
      .stores({
        records: `&id, &[deviceId+seq], at, synced, idLast4, *actions, [synced+deviceId+seq], ${DAY_INDEXES}, reportPending`,
      })
      .upgrade(markReportsPending);
    // Version 7 drops the actions index: nothing reads it any more, and every denied record wrote an entry per action.
    this.version(7).stores({ records: RECORD_INDEXES });
  }
}

let shared: CheckpointDb | null = null;

/** The app's database, opened on first use (never at import). */
export function appDb(): CheckpointDb {
  shared ??= new CheckpointDb();
  return shared;
}
