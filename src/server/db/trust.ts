// Trust data under one version counter: issuer keys, revocations and the authority key, and the changes since a version.
import { fromBase64, toBase64, toHex } from '../../core/bytes.js';
import type { RevocationEntry } from '../../core/revocations.js';
import type { IssuerKey } from '../../core/trust.js';
import type { Row } from './columns.js';
import { putMeta } from './meta.js';
import {
  bundleIssuers,
  bundlePlan,
  bundleRevocations,
  ISSUER,
  revocationOf,
  type BundlePlan,
  type RevocationRow,
} from './trust-changes.js';
import { BUSY_MAX_PAUSE_MS } from './sqlite.js';
import { placeholders, type Param, type Sql, type SqlRunner } from './sql.js';

/** The issuers and revocations a bundle for a device at `since` must carry. */
export interface TrustChanges {
  version: number;
  kind: 'full' | 'delta';
  since: number;
  issuers: IssuerKey[];
  revocations: RevocationEntry[];
}

/** What a trust change did: the version it made (or the current one) and how many rows changed. */
export interface TrustChange {
  version: number;
  changed: number;
}

/** Rows per INSERT of revocations: well under both databases' parameter limits. */
const REVOCATION_CHUNK = 500;

/** Revocations per transaction of a long import. */
const IMPORT_CHUNK = 5000;

/**
 * The gap between two chunks of an import: longer than the longest pause of a busy SQLite writer's retries, so a
 * server waiting for the write lock tries while it is free (SQLite's lock is not fair; without the gap the import
 * took it again at once and the server's upload waited for several chunks).
 */
const CHUNK_GAP_MS = BUSY_MAX_PAUSE_MS + 10;

/**
 * Takes the next trust version inside a transaction. The version row stays locked until commit: trust changes
 * are serialised, so versions appear in commit order and a device that has seen version V never misses a
 * change numbered below V.
 */
export async function bumpVersion(q: SqlRunner): Promise<number> {
  const [row] = await q.all<{ version: number }>(
    'UPDATE trust_state SET version = version + 1 WHERE id = 1 RETURNING version',
  );
  return Number(row?.version);
}

/** Thrown inside a transaction to roll it back when nothing changed; caught by the caller. */
class NothingChanged extends Error {}

/** The trust data every device's bundle is made from. */
export class TrustRepo {
  constructor(private readonly sql: Sql) {}

  /** The current trust version (0 before any trust data). */
  async version(q: SqlRunner = this.sql): Promise<number> {
    const rows = await q.all<{ version: number }>('SELECT version FROM trust_state WHERE id = 1');
    return Number(rows[0]?.version ?? 0);
  }

  /** The health authority's sealing public key, if one was set. */
  async authorityKey(): Promise<Uint8Array | null> {
    const rows = await this.sql.all<{ value: string }>('SELECT value FROM meta WHERE key = $1', [
      'authority.publicKey',
    ]);
    return rows[0] ? fromBase64(rows[0].value) : null;
  }

  /** Sets the health authority's sealing public key (a trust change: devices get it in their next bundle). */
  async setAuthorityKey(publicKey: Uint8Array): Promise<number> {
    return this.sql.tx(async (q) => {
      const version = await bumpVersion(q);
      await putMeta(q, 'authority.publicKey', toBase64(publicKey));
      return version;
    });
  }

  /**
   * Adds or updates issuer keys; returns the new trust version and how many keys changed. With a venue, the
   * keys go into that venue's bundles only (the demo's issuer); without, into every venue's.
   */
  addIssuers(keys: readonly IssuerKey[], venueId: string | null = null): Promise<TrustChange> {
    return this.change(async (q, version) => {
      let changed = 0;
      for (const k of keys) {
        changed += await q.run(
          `INSERT INTO issuers (public_key, kid, iss, not_before, not_after, revoked, version, venue_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (public_key) DO UPDATE SET iss = excluded.iss, not_before = excluded.not_before,
             not_after = excluded.not_after, revoked = excluded.revoked, version = excluded.version,
             venue_id = excluded.venue_id
           WHERE issuers.iss <> excluded.iss OR issuers.not_before <> excluded.not_before
             OR issuers.not_after <> excluded.not_after OR issuers.revoked <> excluded.revoked
             OR issuers.venue_id IS DISTINCT FROM excluded.venue_id`,
          [toBase64(k.publicKey), k.kid, k.iss, k.notBefore, k.notAfter, k.revoked ? 1 : 0, version, venueId],
        );
      }
      return changed;
    });
  }

  /** The venue an issuer key is trusted for: null for every venue, undefined when the key is unknown. */
  async issuerVenue(publicKey: Uint8Array): Promise<string | null | undefined> {
    const [row] = await this.sql.all<{ venue_id: string | null }>(
      'SELECT venue_id FROM issuers WHERE public_key = $1',
      [toBase64(publicKey)],
    );
    return row ? row.venue_id : undefined;
  }

  /** Every issuer key trusted for all venues (what `checkpoint trust list` shows). */
  async listIssuers(): Promise<IssuerKey[]> {
    return (
      await this.sql.all<Row>(`SELECT ${ISSUER.list()} FROM issuers WHERE venue_id IS NULL ORDER BY iss, kid`)
    ).map(ISSUER.read);
  }

  /**
   * Adds revocations (for a pair already listed, the later `before` wins, with its colour; the same `before`
   * again can add the colour); returns the version and the count changed. With a venue, they go into that
   * venue's bundles only.
   */
  addRevocations(entries: readonly RevocationEntry[], venueId: string | null = null): Promise<TrustChange> {
    return this.change(async (q, version) => {
      let changed = 0;
      for (let i = 0; i < entries.length; i += REVOCATION_CHUNK) {
        const params: Param[] = [];
        const rows = entries.slice(i, i + REVOCATION_CHUNK).map((e) => {
          params.push(e.iss, toHex(e.subject), e.before, e.colour ?? null, version, venueId);
          return placeholders(6, params.length - 5);
        });
        changed += await q.run(
          `INSERT INTO revocations (iss, subject, before_s, colour, version, venue_id) VALUES ${rows.join(', ')}
           ON CONFLICT (iss, subject) DO UPDATE SET before_s = excluded.before_s, colour = excluded.colour,
             version = excluded.version
           WHERE excluded.before_s > revocations.before_s OR (excluded.before_s = revocations.before_s
             AND excluded.colour IS NOT NULL AND (revocations.colour IS NULL OR revocations.colour <> excluded.colour))`,
          params,
        );
      }
      return changed;
    });
  }

  /**
   * Adds a long list of revocations in transactions of `chunk` entries, each its own trust version: a server
   * sharing the database waits at most one chunk for its own writes, never the whole import (issue 11 item 9).
   */
  async importRevocations(entries: readonly RevocationEntry[], chunk = IMPORT_CHUNK): Promise<TrustChange> {
    let changed = 0;
    let version = await this.version();
    for (let i = 0; i < entries.length; i += chunk) {
      const step = await this.addRevocations(entries.slice(i, i + chunk));
      changed += step.changed;
      version = step.version;
      // Between chunks other work runs, in this process and in any other on the same database.
      if (i + chunk < entries.length) await new Promise((resolve) => setTimeout(resolve, CHUNK_GAP_MS));
    }
    return { version, changed };
  }

  /** Issuer keys changed after `since` (0: all): every venue's (`venueId` null), or only this venue's own. */
  async issuersSince(since: number, venueId: string | null): Promise<IssuerKey[]> {
    const scope = venueId === null ? 'venue_id IS NULL' : 'venue_id = $2';
    return (
      await this.sql.all<Row>(
        `SELECT ${ISSUER.list()} FROM issuers WHERE version > $1 AND ${scope} ORDER BY iss, kid`,
        venueId === null ? [since] : [since, venueId],
      )
    ).map(ISSUER.read);
  }

  /** The revocations trusted for this venue only (the demo's), all of them. */
  async venueRevocations(venueId: string): Promise<RevocationEntry[]> {
    return (
      await this.sql.all<RevocationRow>(
        'SELECT iss, subject, before_s, colour FROM revocations WHERE venue_id = $1 ORDER BY iss, subject',
        [venueId],
      )
    ).map(revocationOf);
  }

  /** How many revocations are listed for every venue. */
  async revocationCount(): Promise<number> {
    const rows = await this.sql.all<{ n: number }>(
      'SELECT COUNT(*) AS n FROM revocations WHERE venue_id IS NULL',
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * What a device of `venueId` at version `since` needs: only the changes after it, or everything when it has
   * nothing yet or is so far behind that the changes outnumber half of what there is (then a snapshot costs no
   * more). Without a venue: only what every venue's bundles carry.
   */
  async changes(since: number, venueId: string | null = null, minDelta = 1000): Promise<TrustChanges> {
    return this.sql.tx(async (q) => {
      const { version, after } = await bundlePlan(q, await this.version(q), since, venueId, minDelta);
      const issuers = await bundleIssuers(q, after, venueId);
      const revocations = (await bundleRevocations(q, after, venueId)).map(revocationOf);
      return { version, kind: after === 0 ? 'full' : 'delta', since: after, issuers, revocations };
    });
  }

  /** Where the bundle of a device of `venueId` at `since` starts (db/trust-changes.ts), at the current version. */
  async plan(since: number, venueId: string | null, minDelta = 1000): Promise<BundlePlan> {
    return this.sql.tx(async (q) => bundlePlan(q, await this.version(q), since, venueId, minDelta));
  }

  /** The issuer keys of a bundle for `venueId` changed after `after`. */
  issuersAfter(after: number, venueId: string | null): Promise<IssuerKey[]> {
    return bundleIssuers(this.sql, after, venueId);
  }

  // One trust change: a new version, the change, and the version given back if nothing actually changed.
  private async change(fn: (q: SqlRunner, version: number) => Promise<number>): Promise<TrustChange> {
    try {
      return await this.sql.tx(async (q) => {
        const version = await bumpVersion(q);
        const changed = await fn(q, version);
        if (changed === 0) throw new NothingChanged();
        return { version, changed };
      });
    } catch (e) {
      if (e instanceof NothingChanged) return { version: await this.version(), changed: 0 };
      throw e;
    }
  }
}
