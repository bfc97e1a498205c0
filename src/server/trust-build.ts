// Builds the shared trust object of a version (a full snapshot, or the delta from a device's version) once, and
// stores it: rows read in keyset pages, encoded, hashed and stored in pieces, yielding to the event loop between
// them, so a million-entry snapshot never holds up other requests (issue 11 item 9).
import { createHash } from 'node:crypto';
import { issuerJson } from '../core/bundle.js';
import { fromHex } from '../core/bytes.js';
import { COLOURS } from '../core/hcq1/types.js';
import { emptyColumns, type RevocationColumns } from '../core/revocation-list.js';
import { signTrustDigest, trustObjectContent, type TrustPointer } from '../core/trust-object.js';
import type { ServerDb } from './db/index.js';
import type { TrustObjectMeta } from './db/trust-objects.js';

/** Rows per page read from the database. */
const PAGE = 10_000;
/** Bytes per stored part (and per piece hashed between yields). */
const PART = 1 << 20;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// Builds in flight in this process, so concurrent requests for the same object wait for one build. Not a cache:
// the database holds the result, and any process finds it there.
const building = new Map<string, Promise<TrustObjectMeta>>();

/** The stored object bringing a device from `since` to `version`, built and stored first if needed. */
export async function trustObject(db: ServerDb, since: number, version: number): Promise<TrustPointer> {
  const found = await db.trustObjects.find(since, version);
  if (found) return pointerOf(found);
  const key = `${since}:${version}`;
  let job = building.get(key);
  if (!job) {
    job = buildObject(db, since, version).finally(() => building.delete(key));
    building.set(key, job);
  }
  return pointerOf(await job);
}

const pointerOf = (m: TrustObjectMeta): TrustPointer => ({
  kind: m.kind,
  version: m.version,
  since: m.since,
  hash: m.hash,
  size: m.size,
});

/** Reads the shared revocations changed after `since`, page by page, into columns per issuer. */
async function readColumns(db: ServerDb, since: number): Promise<RevocationColumns[]> {
  const out: RevocationColumns[] = [];
  let cursor: [string, string] = ['', ''];
  for (;;) {
    const rows = await db.trustObjects.revocationPage(since, cursor, PAGE);
    for (const r of rows) {
      let c = out[out.length - 1];
      if (!c || c.iss !== r.iss) out.push((c = emptyColumns(r.iss, PAGE)));
      if (c.count === c.befores.length) grow(c);
      c.subjects.set(fromHex(r.subject) ?? new Uint8Array(16), c.count * 16);
      c.befores[c.count] = Number(r.before_s);
      const colour = COLOURS.indexOf(r.colour as (typeof COLOURS)[number]);
      c.colours[c.count++] = colour < 0 ? 0 : colour + 1;
    }
    if (rows.length < PAGE) return out;
    const last = rows[rows.length - 1]!;
    cursor = [last.iss, last.subject];
    await yieldToLoop();
  }
}

function grow(c: RevocationColumns): void {
  const capacity = c.befores.length * 2;
  const subjects = new Uint8Array(capacity * 16);
  subjects.set(c.subjects);
  const befores = new Uint32Array(capacity);
  befores.set(c.befores);
  const colours = new Uint8Array(capacity);
  colours.set(c.colours);
  Object.assign(c, { subjects, befores, colours });
}

async function buildObject(db: ServerDb, since: number, version: number): Promise<TrustObjectMeta> {
  const issuers = await db.trust.issuersSince(since, null);
  const list = await readColumns(db, since);
  const kind = since === 0 ? 'full' : 'delta';
  const hash = createHash('sha256');
  const parts: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = () => {
    const part = new Uint8Array(pendingBytes);
    let at = 0;
    for (const p of pending) {
      part.set(p, at);
      at += p.length;
    }
    parts.push(part);
    pending = [];
    pendingBytes = 0;
  };
  let size = 0;
  for (const piece of trustObjectContent(
    { kind, version, since, issuers: issuers.map(issuerJson) },
    list,
    20_000,
  )) {
    hash.update(piece);
    size += piece.length;
    for (let at = 0; at < piece.length;) {
      const take = Math.min(PART - pendingBytes, piece.length - at);
      pending.push(piece.slice(at, at + take));
      pendingBytes += take;
      at += take;
      if (pendingBytes === PART) flush();
    }
    await yieldToLoop();
  }
  const digest = new Uint8Array(hash.digest());
  const root = await db.meta.rootKey();
  const signature = signTrustDigest(digest, root);
  pending.push(signature);
  pendingBytes += signature.length;
  flush();
  const meta: TrustObjectMeta = {
    hash: Buffer.from(digest).toString('hex'),
    kind,
    since,
    version,
    size: size + signature.length,
    partSize: PART,
  };
  await db.trustObjects.store(meta, parts);
  return meta;
}
