// What a venue's bundle carries of the trust data for a device holding a version: where it starts (everything, or
// the changes after the version), the issuer keys and the revocation rows, whole or in pages (docs/bundles.md).
import { fromBase64, fromHex } from '../../core/bytes.js';
import { COLOURS, type Colour } from '../../core/hcq1/types.js';
import type { RevocationEntry } from '../../core/revocations.js';
import type { IssuerKey } from '../../core/trust.js';
import { asNumber, columns, type Row } from './columns.js';
import type { SqlRunner } from './sql.js';

/** The issuers table's columns, named once: its SELECT list and how a row becomes the trust set's key. */
export const ISSUER = columns<IssuerKey>()(['iss', 'kid', 'publicKey', 'notBefore', 'notAfter', 'revoked'], {
  publicKey: (v) => fromBase64(String(v)) ?? new Uint8Array(32),
  notBefore: asNumber,
  notAfter: asNumber,
  revoked: (v) => Number(v) === 1,
});

/** A revocation as stored. */
export interface RevocationRow {
  iss: string;
  subject: string;
  before_s: number;
  colour: string | null;
}

const colourOf = (text: string | null): Colour | undefined =>
  (COLOURS as readonly (string | null)[]).includes(text) ? (text as Colour) : undefined;

/** A stored revocation as an entry (a subject that is not hex reads as zeros, as it always has). */
export function revocationOf(r: RevocationRow): RevocationEntry {
  const colour = colourOf(r.colour);
  return {
    iss: r.iss,
    subject: fromHex(r.subject) ?? new Uint8Array(16),
    before: Number(r.before_s),
    ...(colour ? { colour } : {}),
  };
}

/** Where a bundle for a device starts. */
export interface BundlePlan {
  version: number;
  /** The version its changes come after: 0 for everything (a full bundle). */
  after: number;
  /** How many revocations it carries, counted up to `minDelta` + 1 only. */
  rows: number;
}

// Venue-scoped rows are few (the demo's): filtering them costs nothing on the version index.
const MINE = 'AND (venue_id IS NULL OR venue_id = $2)';

/**
 * Where the bundle of a device of `venueId` at version `since` starts: only the changes after it, or everything
 * when it has nothing yet or is so far behind that the changes outnumber half of what there is (then a snapshot
 * costs no more). Without a venue: only what every venue's bundles carry.
 */
export async function bundlePlan(
  q: SqlRunner,
  version: number,
  since: number,
  venueId: string | null,
  minDelta: number,
): Promise<BundlePlan> {
  const count = async (after: number, limit: number) => {
    const [row] = await q.all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM revocations WHERE version > $1 ${MINE} LIMIT $3) AS c`,
      [after, venueId ?? '', limit],
    );
    return Number(row?.n ?? 0);
  };
  let full = since <= 0 || since > version;
  // Counted only up to minDelta + 1 (an index range): a device a few changes behind, the common case at every
  // poll, never makes the server count the whole list.
  let rows = !full && since === version ? 0 : await count(full ? 0 : since, minDelta + 1);
  if (!full && rows > minDelta) {
    const total = await count(0, Number.MAX_SAFE_INTEGER);
    full = (await count(since, Number.MAX_SAFE_INTEGER)) * 2 > total;
    if (full) rows = total;
  }
  return { version, after: full ? 0 : since, rows };
}

/** The issuer keys of a bundle for `venueId` (null: every venue's only) changed after `after`. */
export async function bundleIssuers(
  q: SqlRunner,
  after: number,
  venueId: string | null,
): Promise<IssuerKey[]> {
  const rows = await q.all<Row>(
    `SELECT ${ISSUER.list()} FROM issuers WHERE version > $1 ${MINE} ORDER BY iss, kid`,
    [after, venueId ?? ''],
  );
  return rows.map(ISSUER.read);
}

/** Rows after the key `from`, in (iss, subject) order, `limit` at most. */
export interface RowPage {
  from: [iss: string, subject: string];
  limit: number;
}

/**
 * The revocation rows of a bundle for `venueId` changed after `after`, in (iss, subject) order: all of them, or
 * one page (keyset), so a long list can be read without holding the server for all of it.
 */
export function bundleRevocations(
  q: SqlRunner,
  after: number,
  venueId: string | null,
  page: RowPage | null = null,
): Promise<RevocationRow[]> {
  // A page walks the primary key: `+version` keeps both databases off the version index, which would make them
  // sort every row changed after `after` for each page (a full list read that way took tens of seconds).
  const [changed, order] = page
    ? ['+version > $1', 'AND (iss, subject) > ($3, $4) ORDER BY iss, subject LIMIT $5']
    : ['version > $1', 'ORDER BY iss, subject'];
  return q.all<RevocationRow>(
    `SELECT iss, subject, before_s, colour FROM revocations WHERE ${changed} ${MINE} ${order}`,
    page ? [after, venueId ?? '', ...page.from, page.limit] : [after, venueId ?? ''],
  );
}
