// Upload batches: up to 500 of one device's decision records, signed by the device's Ed25519 key.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64, secondsFromIso, toBase64 } from './bytes.js';
import { canonicalJson, recordHash, sha256Hex, type DecisionRecord, type TextDigest } from './log.js';
import { err, ok, type Result } from './result.js';
import { asksReport } from './report.js';
import type { SignatureVerifier } from './bundle.js';
import { openSignedJson, prefixedBytes, type SignedKind } from './signed-json.js';
import type { BatchUpload } from './wire.js';

/** The most records one batch may carry. */
export const MAX_BATCH_RECORDS = 500;

/** The format tag every batch carries. */
export const BATCH_FORMAT = 'checkpoint-batch/1';

const BATCH_TEXT: SignedKind = {
  prefix: utf8ToBytes('checkpoint-batch/1\n'),
  notJson: 'the body is not JSON',
};

/** The signed content of a batch; records are in ascending seq, not necessarily contiguous. */
export interface BatchBody {
  format: typeof BATCH_FORMAT;
  deviceId: string;
  /** SHA-256 over the records' ids and hashes: the same records always make the same batch id. */
  batchId: string;
  createdAt: string;
  records: DecisionRecord[];
}

/** A batch on the wire: the body and the device's signature over its canonical JSON. */
export interface SignedBatch {
  batch: BatchBody;
  /** Base64 Ed25519 signature over "checkpoint-batch/1\n" ‖ canonicalJson(batch). */
  signature: string;
}

/** Signs bytes with a device key; WebCrypto (non-extractable) and tweetnacl keys both fit. */
export interface Signer {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Why a batch was refused before any record was looked at against the server's store. */
export type BatchError =
  | { kind: 'malformed'; detail: string }
  | { kind: 'too-large'; count: number }
  | { kind: 'bad-signature' }
  | { kind: 'tampered'; seq: number }
  | { kind: 'foreign-record'; seq: number };

/** The content-derived id of a batch of records. */
export function batchIdOf(
  records: readonly Pick<DecisionRecord, 'id' | 'hash'>[],
  digest: TextDigest = sha256Hex,
): string {
  return digest(records.map((r) => `${r.id}:${r.hash}`).join('\n'));
}

const signingBytes = (batch: BatchBody): Uint8Array => prefixedBytes(BATCH_TEXT.prefix, canonicalJson(batch));

/** Makes and signs a batch from one device's records (sorted here by seq). */
export async function signBatch(
  deviceId: string,
  records: readonly DecisionRecord[],
  signer: Signer,
  createdAt: string,
): Promise<Result<SignedBatch, BatchError>> {
  if (records.length === 0) return err({ kind: 'malformed', detail: 'a batch holds at least one record' });
  if (records.length > MAX_BATCH_RECORDS) return err({ kind: 'too-large', count: records.length });
  const foreign = records.find((r) => r.deviceId !== deviceId);
  if (foreign) return err({ kind: 'foreign-record', seq: foreign.seq });
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const batch: BatchBody = {
    format: BATCH_FORMAT,
    deviceId,
    batchId: batchIdOf(sorted),
    createdAt,
    records: sorted,
  };
  const signature = await signer.sign(signingBytes(batch));
  return ok({ batch, signature: toBase64(signature) });
}

const HEX64 = /^[0-9a-f]{64}$/;

/** How deep a batch's JSON may nest: batch → records → record → override or declaration → its fields. */
const MAX_BATCH_DEPTH = 8;

// True when `value` has objects or arrays nested more than `max` deep (walked without recursion).
function nestedDeeper(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, depth] = item;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Checks a batch's shape, its signature by the device's key, and every record's own hash. */
export async function verifyBatch(
  signed: unknown,
  devicePublicKey: Uint8Array,
  ed: SignatureVerifier,
): Promise<Result<BatchBody, BatchError>> {
  const s = signed as Partial<SignedBatch> | null;
  if (!s || typeof s !== 'object' || !s.batch || typeof s.batch !== 'object')
    return err({ kind: 'malformed', detail: 'no batch' });
  const header = checkHeader(s.batch);
  if (!header.ok) return header;
  // Canonical JSON recurses: a body nested deeper than any record is refused before it would overflow the stack.
  if (nestedDeeper(s.batch, MAX_BATCH_DEPTH)) return err({ kind: 'malformed', detail: 'nested too deep' });
  const signature = typeof s.signature === 'string' ? fromBase64(s.signature) : null;
  if (!signature || signature.length !== 64) return err({ kind: 'bad-signature' });
  if (!(await ed.verify(signingBytes(s.batch), signature, devicePublicKey)))
    return err({ kind: 'bad-signature' });
  return checkBatch(s.batch);
}

/** A signed batch as it is uploaded (src/core/wire.ts BatchUpload): the body's exact JSON text beside its signature. */
export function uploadOf(signed: SignedBatch): BatchUpload {
  return { deviceId: signed.batch.deviceId, body: canonicalJson(signed.batch), signature: signed.signature };
}

/**
 * Checks an upload's signature over the body's exact bytes, and only then parses the body (as bundles are
 * checked): a request that is not from the device costs one signature check, whatever it holds.
 * Returns the parsed body, still to be checked (its schema, then checkBatch).
 */
export async function openUpload(
  upload: BatchUpload,
  devicePublicKey: Uint8Array,
  ed: SignatureVerifier,
): Promise<Result<unknown, BatchError>> {
  const opened = await openSignedJson(BATCH_TEXT, upload.body, upload.signature, devicePublicKey, ed);
  if (!opened.ok) return opened;
  const body = opened.value;
  if ((body as Partial<BatchBody> | null)?.deviceId !== upload.deviceId)
    return err({ kind: 'malformed', detail: 'the body is for another device' });
  return ok(body);
}

function checkHeader(b: Partial<BatchBody>): Result<null, BatchError> {
  const bad = (detail: string) => err<BatchError>({ kind: 'malformed', detail });
  if (b.format !== BATCH_FORMAT) return bad(`format is not ${BATCH_FORMAT}`);
  if (typeof b.deviceId !== 'string' || typeof b.batchId !== 'string')
    return bad('deviceId and batchId are strings');
  if (typeof b.createdAt !== 'string' || secondsFromIso(b.createdAt) === null)
    return bad('createdAt is ISO 8601');
  if (!Array.isArray(b.records) || b.records.length === 0) return bad('records is a non-empty array');
  if (b.records.length > MAX_BATCH_RECORDS) return err({ kind: 'too-large', count: b.records.length });
  return ok(null);
}

/**
 * Checks a signed batch's body: its shape, ascending seqs and distinct ids, every record's own hash, its id
 * (hashes by `digest`: core's own by default, a server's native one where it has it).
 */
export function checkBatch(value: unknown, digest: TextDigest = sha256Hex): Result<BatchBody, BatchError> {
  const b = value as Partial<BatchBody> | null;
  const bad = (detail: string) => err<BatchError>({ kind: 'malformed', detail });
  if (!b || typeof b !== 'object') return bad('no batch');
  const header = checkHeader(b);
  if (!header.ok) return header;
  const records = b.records as DecisionRecord[];
  const ids = new Set<string>();
  let lastSeq = 0;
  for (const r of records) {
    if (!r || typeof r !== 'object') return bad('a record is not an object');
    if (!Number.isSafeInteger(r.seq) || r.seq < 1) return bad('seq is a positive integer');
    if (typeof r.id !== 'string' || typeof r.at !== 'string' || secondsFromIso(r.at) === null)
      return bad(`record ${r.seq}: id and at`);
    if (
      typeof r.hash !== 'string' ||
      !HEX64.test(r.hash) ||
      typeof r.prevHash !== 'string' ||
      !HEX64.test(r.prevHash)
    )
      return bad(`record ${r.seq}: hash and prevHash are 64 hex digits`);
    if (r.seq <= lastSeq) return bad('records are in strictly ascending seq');
    lastSeq = r.seq;
    if (ids.has(r.id)) return bad(`record ${r.seq}: id ${r.id} appears twice`);
    ids.add(r.id);
    if (r.deviceId !== b.deviceId) return err({ kind: 'foreign-record', seq: r.seq });
    if (recordHash(r, digest) !== r.hash) return err({ kind: 'tampered', seq: r.seq });
  }
  if (b.batchId !== batchIdOf(records, digest)) return bad('batchId does not match the records');
  return ok(b as BatchBody);
}

/**
 * Chooses the next batch from pending records: first those asking for a report (003 §17: reported at once) with
 * the pending records they amend (so the server sees the decision from its start), then the oldest by seq, at
 * most `max`, returned in seq order as a batch carries them.
 */
export function nextBatch<R extends DecisionRecord>(pending: readonly R[], max = MAX_BATCH_RECORDS): R[] {
  const byId = new Map(pending.map((r) => [r.id, r]));
  const urgent = new Set<R>();
  for (const r of pending) {
    if (!asksReport(r)) continue;
    for (let x: R | undefined = r; x && !urgent.has(x); x = x.amends ? byId.get(x.amends) : undefined)
      urgent.add(x);
  }
  const bySeq = (a: R, b: R) => a.seq - b.seq;
  const rest = pending.filter((r) => !urgent.has(r)).sort(bySeq);
  return [...[...urgent].sort(bySeq), ...rest].slice(0, max).sort(bySeq);
}
