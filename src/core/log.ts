// Decision log records: what a checkpoint keeps of each decision, chained by hash per device.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Colour, VerifyResult } from './hcq1/types.js';
import type { Declaration, EntryAction, Verdict } from './policy/vocabulary.js';

/** A supervisor's override of the engine's decision (always logged as such). */
export interface Override {
  decision: Verdict;
  /** What the policy engine had decided before the override. */
  engineDecision: Verdict;
  reason: string;
}

/** The fields of a record before it is placed in the device's chain. */
export interface DecisionEntry {
  /** Device time of the decision, ISO 8601. */
  at: string;
  venueId: string;
  policy: string;
  policyVersion: number;
  source: 'scan' | 'manual';
  /**
   * The HCQ1 verification result, `manual` for a manual entry, or `misread` for a read that was not a whole code
   * (cut short): no decision about a person, only a note that the code was read again.
   */
  result: VerifyResult | 'manual' | 'misread';
  colour: Colour | null;
  decision: Verdict;
  actions: EntryAction[];
  /** Rule ids that decided, for audit (citations are in the policy). */
  rules: string[];
  /** Issuer and pseudonymous subject id (hex) of a verified code; never a document number. */
  iss: string | null;
  subject: string | null;
  maskedName: string | null;
  idLast4: string | null;
  temperature: number | null;
  override: Override | null;
  /** Manual entry's personal data, sealed to the health authority's key (base64); unreadable on the device. */
  sealed: string | null;
  /** The id of an earlier record this one supersedes (temperature added, supervisor override); absent otherwise. */
  amends?: string;
  /** Who was on shift at the device when this record was made (a name or staff number); absent when nobody said. */
  staff?: string;
  // What staff entered at the door, as the policy saw it; each absent when not entered (older records lack them).
  /** A mask is worn (true) or staff said it is not (false). */
  mask?: boolean;
  /** The person comes as a medical emergency (true), or staff took that back (false). */
  emergency?: boolean;
  /** A test result shown on paper or an app, with its sampling time (ISO 8601). */
  paperTest?: { result: 'negative' | 'positive'; sampledAt: string };
  /** A family member declared for the person (代他人填报): the code's flag, or the manual entry's. */
  proxy?: boolean;
  /** The manual declaration's answers, question by question (true: yes); only the questions asked. */
  declaration?: Partial<Record<Declaration, boolean>>;
}

/** A record as stored and synced: the entry plus its place in the device's hash chain. */
export interface DecisionRecord extends DecisionEntry {
  /** UUIDv7: sortable by time, unique across devices. */
  id: string;
  deviceId: string;
  /** Per-device sequence number, from 1, without gaps. */
  seq: number;
  /** `hash` of the record with seq − 1, or GENESIS for seq 1. */
  prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  hash: string;
}

/** The prevHash of a device's first record. */
export const GENESIS = '0'.repeat(64);

/** SHA-256 (hex) of a text's UTF-8 bytes: how a record's hash is computed; a runtime may bring a native one. */
export type TextDigest = (text: string) => string;

/** The TextDigest in JavaScript (@noble/hashes): the same in every runtime (the server passes node:crypto's). */
export const sha256Hex: TextDigest = (text) => bytesToHex(sha256(utf8ToBytes(text)));

const scalar = (v: unknown): boolean =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

// True when JSON.stringify of obj is already its canonical JSON: keys in sorted order, every value a scalar or
// an array of scalars. Records parsed from a canonical batch are so; one native call then replaces the walk.
function flatAndSorted(obj: Record<string, unknown>, keys: readonly string[]): boolean {
  const proto: unknown = Object.getPrototypeOf(obj);
  // Only a plain object: another (a Date) may serialise itself differently (toJSON).
  if (proto !== Object.prototype && proto !== null) return false;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i - 1]! >= keys[i]!) return false;
    const v = obj[keys[i]!];
    if (!scalar(v) && !(Array.isArray(v) && v.every(scalar))) return false;
  }
  return true;
}

/** JSON with object keys sorted at every level: the byte form the chain hashes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const own = Object.keys(obj);
  if (flatAndSorted(obj, own)) return JSON.stringify(obj);
  const keys = own.filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The hash a record must carry, computed from all its other fields (by `digest`: core's own by default). */
export function recordHash(
  record: Omit<DecisionRecord, 'hash'> | DecisionRecord,
  digest: TextDigest = sha256Hex,
): string {
  const { hash: _omit, ...rest } = record as DecisionRecord;
  return digest(canonicalJson(rest));
}

/** Places an entry in the chain after `prev` (or first, when prev is null). */
export function chainRecord(
  entry: DecisionEntry,
  place: { id: string; deviceId: string; prev: Pick<DecisionRecord, 'seq' | 'hash'> | null },
): DecisionRecord {
  const unhashed = {
    ...entry,
    id: place.id,
    deviceId: place.deviceId,
    seq: place.prev ? place.prev.seq + 1 : 1,
    prevHash: place.prev ? place.prev.hash : GENESIS,
  };
  return { ...unhashed, hash: recordHash(unhashed) };
}

/** Why a sequence of one device's records is not a continuous chain. */
export type ChainProblem =
  | { kind: 'tampered'; seq: number }
  | { kind: 'gap'; expectedSeq: number; gotSeq: number }
  | { kind: 'fork'; seq: number };

/** Checks records (sorted by seq) continue from `prev`; returns the first problem, or null. */
export function checkChain(
  records: readonly DecisionRecord[],
  prev: Pick<DecisionRecord, 'seq' | 'hash'> | null,
): ChainProblem | null {
  let last = prev;
  for (const r of records) {
    if (recordHash(r) !== r.hash) return { kind: 'tampered', seq: r.seq };
    const expectedSeq = last ? last.seq + 1 : 1;
    if (r.seq !== expectedSeq) return { kind: 'gap', expectedSeq, gotSeq: r.seq };
    if (r.prevHash !== (last ? last.hash : GENESIS)) return { kind: 'fork', seq: r.seq };
    last = r;
  }
  return null;
}
