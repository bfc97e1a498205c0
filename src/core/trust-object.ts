// The shared trust object (docs/bundles.md "Snapshots and deltas"): issuer keys and the binary revocation list
// of one trust version, the same bytes for every device, named by their SHA-256 and signed once by the root key.
import { rootSign, type RootSigning } from './root-sign.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { asciiText, toHex } from './bytes.js';
import { canonicalJson } from './log.js';
import { err, ok, type Result } from './result.js';
import { decodeRevocationList, encodeRevocationList, type RevocationColumns } from './revocation-list.js';
import { parseKeysFile, type IssuerKey } from './trust.js';
import type { BundleError, BundleIssuerJson, SignatureVerifier } from './bundle.js';

const MAGIC = utf8ToBytes('CPTRUST1');
// Domain separation: the root signs SHA-256 digests of trust objects under this prefix and nothing else.
const SIGNING_PREFIX = utf8ToBytes('checkpoint-trust/1\n');
const HEADER = MAGIC.length + 1 + 4 + 4 + 4;
const SIGNATURE = 64;

/** What a trust object says about itself: a full snapshot at `version`, or the changes from `since` to it. */
export interface TrustObjectHeader {
  kind: 'full' | 'delta';
  version: number;
  since: number;
  issuers: BundleIssuerJson[];
}

/** A verified, decoded trust object. */
export interface TrustObject {
  kind: 'full' | 'delta';
  version: number;
  since: number;
  issuers: IssuerKey[];
  revocations: RevocationColumns[];
  /** The encoded revocation list itself, as received (what a device keeps after a full snapshot). */
  listBytes: Uint8Array;
}

/** Where the signed venue body points: which object to fetch, by hash (hex) and size in bytes. */
export interface TrustPointer {
  kind: 'full' | 'delta';
  version: number;
  since: number;
  hash: string;
  size: number;
}

/** The path an object is served at under `/trust/` (see docs/bundles.md). */
export const trustObjectPath = (p: Pick<TrustPointer, 'kind' | 'hash'>): string =>
  `/trust/${p.kind === 'full' ? 'snapshots' : 'deltas'}/${p.hash}`;

/**
 * The object's content in pieces (the header, then the list, `step` entries at a time), so a server can hash and
 * yield between them. Layout: "CPTRUST1", kind (1 full, 2 delta), version, since, length of the metadata (u32
 * BE each), the metadata as canonical JSON `{"issuers": [...]}`, the revocation list; then the signature.
 */
export function* trustObjectContent(
  header: TrustObjectHeader,
  list: readonly RevocationColumns[],
  step?: number,
): Generator<Uint8Array, void> {
  const meta = utf8ToBytes(canonicalJson({ issuers: header.issuers }));
  const head = new Uint8Array(HEADER + meta.length);
  const view = new DataView(head.buffer);
  head.set(MAGIC, 0);
  head[MAGIC.length] = header.kind === 'full' ? 1 : 2;
  view.setUint32(MAGIC.length + 1, header.version);
  view.setUint32(MAGIC.length + 5, header.since);
  view.setUint32(MAGIC.length + 9, meta.length);
  head.set(meta, HEADER);
  yield head;
  yield* encodeRevocationList(list, step);
}

/** The root's signature over a content digest: Ed25519 over "checkpoint-trust/1\n" ‖ SHA-256(content). */
export function signTrustDigest(digest: Uint8Array, root: RootSigning): Uint8Array {
  return rootSign(root, concat([SIGNING_PREFIX, digest]));
}

/** A whole signed object at once (tests, files, the bench); servers build it in pieces (server/trust-build.ts). */
export function buildTrustObject(
  header: TrustObjectHeader,
  list: readonly RevocationColumns[],
  root: RootSigning,
): { bytes: Uint8Array; hash: string } {
  const content = concat([...trustObjectContent(header, list)]);
  const digest = sha256(content);
  return { bytes: concat([content, signTrustDigest(digest, root)]), hash: toHex(digest) };
}

/** Joins byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SHA-256 of bytes; the browser passes crypto.subtle's, which runs outside the page's JavaScript. */
export type Digest = (bytes: Uint8Array) => Promise<Uint8Array>;

/** The noble SHA-256, for where no faster one is given. */
export const nobleDigest: Digest = async (bytes) => sha256(bytes);

/**
 * Checks an object against what the signed venue body promised (its hash, kind, version, since), then the root's
 * signature, and only then reads it: nothing of an object that fails either is parsed.
 */
export async function openTrustObject(
  bytes: Uint8Array,
  expected: TrustPointer,
  rootPublicKey: Uint8Array,
  ed: SignatureVerifier,
  digest: Digest = nobleDigest,
): Promise<Result<TrustObject, BundleError>> {
  if (bytes.length !== expected.size || bytes.length < HEADER + SIGNATURE)
    return err({ kind: 'wrong-hash', expected: expected.hash });
  const content = bytes.subarray(0, bytes.length - SIGNATURE);
  const hash = await digest(content);
  if (toHex(hash) !== expected.hash) return err({ kind: 'wrong-hash', expected: expected.hash });
  const signature = bytes.subarray(bytes.length - SIGNATURE);
  if (!(await ed.verify(concat([SIGNING_PREFIX, hash]), signature, rootPublicKey)))
    return err({ kind: 'bad-signature' });
  return readTrustObject(content, expected);
}

function readTrustObject(content: Uint8Array, expected: TrustPointer): Result<TrustObject, BundleError> {
  const bad = (detail: string) => err<BundleError>({ kind: 'malformed', detail: `trust object: ${detail}` });
  if (MAGIC.some((m, i) => content[i] !== m)) return bad('not a trust object');
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  const code = content[MAGIC.length];
  const kind = code === 1 ? 'full' : code === 2 ? 'delta' : null;
  const version = view.getUint32(MAGIC.length + 1);
  const since = view.getUint32(MAGIC.length + 5);
  const metaLength = view.getUint32(MAGIC.length + 9);
  // Signed, but the pointer must name this very object: a valid older object under a newer pointer is refused.
  if (kind !== expected.kind || version !== expected.version || since !== expected.since)
    return bad('not the object the venue body names');
  if (kind === 'full' ? since !== 0 : since >= version) return bad('since');
  if (HEADER + metaLength > content.length) return bad('truncated');
  const text = asciiText(content.subarray(HEADER, HEADER + metaLength));
  let meta: unknown;
  try {
    meta = JSON.parse(text ?? '');
  } catch {
    return bad('metadata is not JSON');
  }
  const issuers = parseKeysFile(meta);
  if (!issuers.ok) return bad(issuers.error);
  const list = decodeRevocationList(content, HEADER + metaLength);
  if (!list.ok) return bad(list.error);
  if (list.value.end !== content.length) return bad('trailing bytes');
  const listBytes = content.subarray(HEADER + metaLength);
  return ok({ kind, version, since, issuers: issuers.value, revocations: list.value.list, listBytes });
}
