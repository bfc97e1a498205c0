// The server's state, all of it in the database (SQLite or PostgreSQL): nothing is kept in memory between requests.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import nacl from 'tweetnacl';
import { fromBase64, toBase64 } from '../core/bytes.js';
import { GENESIS, type DecisionRecord } from '../core/log.js';
import type { BatchBody } from '../core/batch.js';
import type { IssuerKey } from '../core/trust.js';
import type { RevocationEntry } from '../core/revocations.js';
import { fromHex } from '../core/bytes.js';
import { err, ok, type Result } from '../core/result.js';
import { inList, placeholders, type Param, type Sql, type SqlRunner } from './sql.js';
import { migrate } from './migrations.js';

const DAY_MS = 86_400_000;

/** A venue and the settings its devices apply. */
export interface Venue {
  id: string;
  name: string;
  category: string;
  policy: string;
  settings: Record<string, unknown>;
  createdAt: number;
}

/** An enrolled device as the server knows it. */
export interface Device {
  id: string;
  venueId: string;
  publicKey: string;
  label: string | null;
  enrolledAt: number;
  disabledAt: number | null;
  lastSeenAt: number | null;
  lastSeq: number;
  /** Records received from it since enrolment (purges do not lower it). */
  received: number;
}

/** A flagged break in a device's chain: a missing record (gap) or a record that contradicts the stored chain (fork). */
export interface ChainEvent {
  deviceId: string;
  kind: 'gap' | 'fork';
  seq: number;
  detail: string;
  createdAt: number;
  resolvedAt: number | null;
}

/** Why enrolment was refused. */
export type EnrolError = 'token-unknown' | 'token-used' | 'token-expired' | 'device-exists';

/** What the server answers for a stored batch: each record is accepted now or was already there. */
export interface IngestAck {
  batchId: string;
  accepted: string[];
  duplicates: string[];
  /** Seqs of records still missing before a record of this batch (flagged, kept open until they arrive). */
  gaps: number[];
}

/** Why a batch was refused as a whole (nothing of it is stored). */
export type IngestError =
  | { kind: 'unknown-device' }
  | { kind: 'device-disabled' }
  | { kind: 'fork'; forks: { seq: number; detail: string }[] };

/** The issuers and revocations a bundle for a device at `since` must carry. */
export interface TrustChanges {
  version: number;
  kind: 'full' | 'delta';
  since: number;
  issuers: IssuerKey[];
  revocations: RevocationEntry[];
}

/** A record as exported: the device's record as it arrived, and when the server received it. */
export interface StoredDecision {
  record: DecisionRecord;
  receivedAt: number;
}

interface DeviceRow {
  id: string;
  venue_id: string;
  public_key: string;
  label: string | null;
  enrolled_at: number;
  disabled_at: number | null;
  last_seen_at: number | null;
  last_seq: number;
  received: number;
}

const deviceOf = (r: DeviceRow): Device => ({
  id: r.id,
  venueId: r.venue_id,
  publicKey: r.public_key,
  label: r.label,
  enrolledAt: Number(r.enrolled_at),
  disabledAt: r.disabled_at === null ? null : Number(r.disabled_at),
  lastSeenAt: r.last_seen_at === null ? null : Number(r.last_seen_at),
  lastSeq: Number(r.last_seq),
  received: Number(r.received),
});

interface VenueRow {
  id: string;
  name: string;
  category: string;
  policy: string;
  settings: string;
  created_at: number;
}

const venueOf = (r: VenueRow): Venue => ({
  id: r.id,
  name: r.name,
  category: r.category,
  policy: r.policy,
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  createdAt: Number(r.created_at),
});

/** The UTC day number (days since the epoch) of a time in milliseconds. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** The partition table name of a day: records_YYYYMMDD. */
export const partitionName = (day: number): string =>
  `records_${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Thrown inside a transaction to roll it back when nothing changed; caught by the caller. */
class NothingChanged extends Error {}

/** The store: every query the server and the admin commands make. */
export class Store {
  private constructor(readonly sql: Sql) {}

  /** Opens a store on a connection and brings its schema up to date. */
  static async open(sql: Sql): Promise<Store> {
    await migrate(sql);
    return new Store(sql);
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.sql.close();
  }

  /** A value from the meta table. */
  async getMeta(key: string): Promise<string | null> {
    const rows = await this.sql.all<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return rows[0]?.value ?? null;
  }

  /** Sets a value in the meta table. */
  async setMeta(key: string, value: string): Promise<void> {
    await this.sql.run(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  /** The root signing key, made once: the first writer wins, so parallel first starts agree on one key. */
  async rootKey(): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array; created: boolean }> {
    const existing = await this.getMeta('root.secretKey');
    if (!existing) {
      const pair = nacl.sign.keyPair();
      const made = await this.sql.run(
        'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        ['root.secretKey', toBase64(pair.secretKey)],
      );
      if (made === 1) {
        await this.setMeta('root.createdAt', new Date().toISOString());
        return { publicKey: pair.publicKey, secretKey: pair.secretKey, created: true };
      }
      return this.rootKey();
    }
    const secretKey = fromBase64(existing);
    if (!secretKey || secretKey.length !== 64) throw new Error('meta root.secretKey is damaged');
    return { publicKey: secretKey.slice(32), secretKey, created: false };
  }

  /** The health authority's sealing public key, if one was set. */
  async authorityKey(): Promise<Uint8Array | null> {
    const v = await this.getMeta('authority.publicKey');
    return v ? fromBase64(v) : null;
  }

  /** Sets the health authority's sealing public key (a trust change: devices get it in their next bundle). */
  async setAuthorityKey(publicKey: Uint8Array): Promise<number> {
    return this.sql.tx(async (q) => {
      const version = await bumpVersion(q);
      await q.run(
        'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        ['authority.publicKey', toBase64(publicKey)],
      );
      return version;
    });
  }

  /** The current trust version (0 before any trust data). */
  async trustVersion(): Promise<number> {
    const rows = await this.sql.all<{ version: number }>('SELECT version FROM trust_state WHERE id = 1');
    return Number(rows[0]?.version ?? 0);
  }

  /** Adds or updates issuer keys; returns the new trust version and how many keys changed. */
  async addIssuers(keys: readonly IssuerKey[]): Promise<{ version: number; changed: number }> {
    return this.changeTrust(async (q, version) => {
      let changed = 0;
      for (const k of keys) {
        changed += await q.run(
          `INSERT INTO issuers (public_key, kid, iss, not_before, not_after, revoked, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (public_key) DO UPDATE SET iss = excluded.iss, not_before = excluded.not_before,
             not_after = excluded.not_after, revoked = excluded.revoked, version = excluded.version
           WHERE issuers.iss <> excluded.iss OR issuers.not_before <> excluded.not_before
             OR issuers.not_after <> excluded.not_after OR issuers.revoked <> excluded.revoked`,
          [toBase64(k.publicKey), k.kid, k.iss, k.notBefore, k.notAfter, k.revoked ? 1 : 0, version],
        );
      }
      return changed;
    });
  }

  /** Every trusted issuer key. */
  async listIssuers(): Promise<IssuerKey[]> {
    return (await this.sql.all<IssuerRow>(`SELECT ${ISSUER_COLUMNS} FROM issuers ORDER BY iss, kid`)).map(
      issuerOf,
    );
  }

  /** Adds revocations (for a pair already listed, the later `before` wins); returns the version and the count changed. */
  async addRevocations(entries: readonly RevocationEntry[]): Promise<{ version: number; changed: number }> {
    return this.changeTrust(async (q, version) => {
      let changed = 0;
      const CHUNK = 500;
      for (let i = 0; i < entries.length; i += CHUNK) {
        const chunk = entries.slice(i, i + CHUNK);
        const params: Param[] = [];
        const rows = chunk.map((e) => {
          params.push(e.iss, Buffer.from(e.subject).toString('hex'), e.before, version);
          return placeholders(4, params.length - 3);
        });
        changed += await q.run(
          `INSERT INTO revocations (iss, subject, before_s, version) VALUES ${rows.join(', ')}
           ON CONFLICT (iss, subject) DO UPDATE SET before_s = excluded.before_s, version = excluded.version
           WHERE excluded.before_s > revocations.before_s`,
          params,
        );
      }
      return changed;
    });
  }

  /** How many revocations are listed. */
  async revocationCount(): Promise<number> {
    const rows = await this.sql.all<{ n: number }>('SELECT COUNT(*) AS n FROM revocations');
    return Number(rows[0]?.n ?? 0);
  }

  // One trust change: a new version, the change, and the version given back if nothing actually changed.
  private async changeTrust(
    change: (q: SqlRunner, version: number) => Promise<number>,
  ): Promise<{ version: number; changed: number }> {
    try {
      return await this.sql.tx(async (q) => {
        const version = await bumpVersion(q);
        const changed = await change(q, version);
        if (changed === 0) throw new NothingChanged();
        return { version, changed };
      });
    } catch (e) {
      if (e instanceof NothingChanged) return { version: await this.trustVersion(), changed: 0 };
      throw e;
    }
  }

  /**
   * What a device at version `since` needs: only the changes after it, or everything when it has nothing yet
   * or is so far behind that the changes outnumber half of what there is (then a snapshot costs no more).
   */
  async trustChanges(since: number, minDelta = 1000): Promise<TrustChanges> {
    return this.sql.tx(async (q) => {
      const version = Number(
        (await q.all<{ version: number }>('SELECT version FROM trust_state WHERE id = 1'))[0]?.version,
      );
      let full = since <= 0 || since > version;
      if (!full && since < version) {
        // Counted only up to minDelta + 1 (an index range): a device a few changes behind, the common case at
        // every poll, never makes the server count the whole list.
        const [changed] = await q.all<{ n: number }>(
          'SELECT COUNT(*) AS n FROM (SELECT 1 FROM revocations WHERE version > $1 LIMIT $2) AS changed',
          [since, minDelta + 1],
        );
        if (Number(changed?.n ?? 0) > minDelta) {
          const [many] = await q.all<{ n: number }>(
            'SELECT COUNT(*) AS n FROM revocations WHERE version > $1',
            [since],
          );
          const [total] = await q.all<{ n: number }>('SELECT COUNT(*) AS n FROM revocations');
          full = Number(many?.n ?? 0) * 2 > Number(total?.n ?? 0);
        }
      }
      const after = full ? 0 : since;
      const issuers = (
        await q.all<IssuerRow>(`SELECT ${ISSUER_COLUMNS} FROM issuers WHERE version > $1 ORDER BY iss, kid`, [
          after,
        ])
      ).map(issuerOf);
      const revocations = (
        await q.all<{ iss: string; subject: string; before_s: number }>(
          'SELECT iss, subject, before_s FROM revocations WHERE version > $1 ORDER BY iss, subject',
          [after],
        )
      ).map((r) => ({
        iss: r.iss,
        subject: fromHex(r.subject) ?? new Uint8Array(16),
        before: Number(r.before_s),
      }));
      return { version, kind: full ? 'full' : 'delta', since: after, issuers, revocations };
    });
  }

  /** Adds a venue (a trust change: its settings travel in bundles). */
  async addVenue(v: Omit<Venue, 'id' | 'createdAt'>, now = Date.now()): Promise<Venue> {
    const id = randomUUID();
    await this.sql.tx(async (q) => {
      const version = await bumpVersion(q);
      await q.run(
        'INSERT INTO venues (id, name, category, policy, settings, created_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [id, v.name, v.category, v.policy, JSON.stringify(v.settings), now, version],
      );
    });
    return { ...v, id, createdAt: now };
  }

  /** A venue by id, or null. */
  async getVenue(id: string): Promise<Venue | null> {
    const rows = await this.sql.all<VenueRow>(
      'SELECT id, name, category, policy, settings, created_at FROM venues WHERE id = $1',
      [id],
    );
    return rows[0] ? venueOf(rows[0]) : null;
  }

  /** Every venue, oldest first. */
  async listVenues(): Promise<Venue[]> {
    const rows = await this.sql.all<VenueRow>(
      'SELECT id, name, category, policy, settings, created_at FROM venues ORDER BY created_at, id',
    );
    return rows.map(venueOf);
  }

  /** A new one-time enrolment token for a venue; only its hash is stored. */
  async createEnrolToken(
    venueId: string,
    ttlMs: number,
    now = Date.now(),
  ): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = now + ttlMs;
    await this.sql.run(
      'INSERT INTO enrol_tokens (token_hash, venue_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [sha256Hex(token), venueId, now, expiresAt],
    );
    return { token, expiresAt };
  }

  /** Uses a token to register a device's public key; the token works once and before it expires. */
  async enrol(
    args: { token: string; deviceId: string; publicKey: Uint8Array; label: string | null },
    now = Date.now(),
  ): Promise<Result<Device, EnrolError>> {
    const hash = sha256Hex(args.token);
    return this.sql.tx(async (q) => {
      const [t] = await q.all<{ venue_id: string; expires_at: number; used_at: number | null }>(
        'SELECT venue_id, expires_at, used_at FROM enrol_tokens WHERE token_hash = $1',
        [hash],
      );
      if (!t) return err('token-unknown');
      if (t.used_at !== null) return err('token-used');
      if (Number(t.expires_at) <= now) return err('token-expired');
      const [existing] = await q.all<{ id: string }>('SELECT id FROM devices WHERE id = $1', [args.deviceId]);
      if (existing) return err('device-exists');
      // The conditional update is the one-time guarantee when two phones race with the same link.
      const used = await q.run(
        'UPDATE enrol_tokens SET used_at = $1, device_id = $2 WHERE token_hash = $3 AND used_at IS NULL',
        [now, args.deviceId, hash],
      );
      if (used !== 1) return err('token-used');
      await q.run(
        'INSERT INTO devices (id, venue_id, public_key, label, enrolled_at) VALUES ($1, $2, $3, $4, $5)',
        [args.deviceId, t.venue_id, toBase64(args.publicKey), args.label, now],
      );
      const [row] = await q.all<DeviceRow>('SELECT * FROM devices WHERE id = $1', [args.deviceId]);
      return ok(deviceOf(row as DeviceRow));
    });
  }

  /** A device by id, or null. */
  async getDevice(id: string): Promise<Device | null> {
    const [row] = await this.sql.all<DeviceRow>('SELECT * FROM devices WHERE id = $1', [id]);
    return row ? deviceOf(row) : null;
  }

  /** Every device, with its open chain problems counted. */
  async listDevices(): Promise<(Device & { openGaps: number; forks: number })[]> {
    const rows = await this.sql.all<DeviceRow & { open_gaps: number; forks: number }>(
      `SELECT d.*,
         (SELECT COUNT(*) FROM chain_events e WHERE e.device_id = d.id AND e.kind = 'gap' AND e.resolved_at IS NULL) AS open_gaps,
         (SELECT COUNT(*) FROM chain_events e WHERE e.device_id = d.id AND e.kind = 'fork') AS forks
       FROM devices d ORDER BY d.enrolled_at, d.id`,
    );
    return rows.map((r) => ({ ...deviceOf(r), openGaps: Number(r.open_gaps), forks: Number(r.forks) }));
  }

  /** Disables a device: its later uploads and bundle requests are refused. Null when there is no such device. */
  async disableDevice(id: string, now = Date.now()): Promise<Device | null> {
    await this.sql.run('UPDATE devices SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL', [
      now,
      id,
    ]);
    return this.getDevice(id);
  }

  /** Flagged chain problems, of one device or all. */
  async chainEvents(deviceId?: string): Promise<ChainEvent[]> {
    const rows = await this.sql.all<{
      device_id: string;
      kind: 'gap' | 'fork';
      seq: number;
      detail: string;
      created_at: number;
      resolved_at: number | null;
    }>(
      `SELECT * FROM chain_events ${deviceId ? 'WHERE device_id = $1' : ''} ORDER BY device_id, seq, kind`,
      deviceId ? [deviceId] : [],
    );
    return rows.map((r) => ({
      deviceId: r.device_id,
      kind: r.kind,
      seq: Number(r.seq),
      detail: r.detail,
      createdAt: Number(r.created_at),
      resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    }));
  }

  /**
   * Stores a verified batch atomically and idempotently. Records already stored are acknowledged as duplicates;
   * a record contradicting the stored chain refuses the whole batch (flagged as a fork); a missing predecessor is
   * flagged as a gap and the batch is kept.
   */
  async ingest(batch: BatchBody, now = Date.now()): Promise<Result<IngestAck, IngestError>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sql.tx((q) => ingestIn(q, batch, now));
      } catch (e) {
        // PostgreSQL: today's partition does not exist yet. Make it (any server may) and run the batch again.
        if (this.sql.dialect === 'postgres' && pgCode(e) === '23514' && attempt < 3) {
          await this.ensurePartition(dayOf(now));
          continue;
        }
        throw e;
      }
    }
  }

  /** Creates the records partition of a day if it does not exist (PostgreSQL). */
  async ensurePartition(day: number): Promise<void> {
    try {
      await this.sql.run(
        `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF records FOR VALUES FROM (${day}) TO (${day + 1})`,
      );
    } catch (e) {
      // Two servers creating the same partition at once: the loser's error means it exists now.
      if (!['42P07', '23505'].includes(pgCode(e) ?? '')) throw e;
    }
  }

  /** Records in time order, each once; `sinceMs` and `venueId` narrow the set. Pages through large exports. */
  async *exportRecords(
    opts: { sinceMs?: number; venueId?: string; pageSize?: number } = {},
  ): AsyncGenerator<StoredDecision> {
    const page = opts.pageSize ?? 2000;
    let after: { at: number; id: string } | null = null;
    for (;;) {
      const where: string[] = [];
      const params: Param[] = [];
      if (opts.sinceMs !== undefined) where.push(`at_ms >= $${params.push(opts.sinceMs)}`);
      if (opts.venueId !== undefined) where.push(`venue_id = $${params.push(opts.venueId)}`);
      if (after) {
        const a: number = params.push(after.at);
        const b: number = params.push(after.id);
        where.push(`(at_ms > $${a} OR (at_ms = $${a} AND id > $${b}))`);
      }
      const rows: { id: string; at_ms: number; body: string; received_at: number }[] = await this.sql.all(
        `SELECT id, at_ms, body, received_at FROM records ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
         ORDER BY at_ms, id LIMIT ${page}`,
        params,
      );
      for (const r of rows)
        yield { record: JSON.parse(r.body) as DecisionRecord, receivedAt: Number(r.received_at) };
      const last = rows[rows.length - 1];
      if (!last || rows.length < page) return;
      after = { at: Number(last.at_ms), id: last.id };
    }
  }

  /**
   * Deletes records received before the UTC day of `beforeMs`: PostgreSQL drops whole daily partitions,
   * SQLite deletes by its indexed day column. Also forgets used and expired enrolment tokens.
   */
  async purge(beforeMs: number): Promise<{ days: string[]; records: number | null }> {
    const cutoff = dayOf(beforeMs);
    await this.sql.run('DELETE FROM enrol_tokens WHERE expires_at < $1 OR used_at < $1', [beforeMs]);
    await this.sql.run('DELETE FROM chain_events WHERE resolved_at < $1', [beforeMs]);
    if (this.sql.dialect === 'sqlite') {
      const days = await this.sql.all<{ day: number }>('SELECT DISTINCT day FROM records WHERE day < $1', [
        cutoff,
      ]);
      const records = await this.sql.run('DELETE FROM records WHERE day < $1', [cutoff]);
      return { days: days.map((d) => partitionName(Number(d.day)).slice(8)), records };
    }
    const parts = await this.sql.all<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
         JOIN pg_namespace n ON n.oid = p.relnamespace
       WHERE p.relname = 'records' AND n.nspname = current_schema()`,
    );
    const dropped: string[] = [];
    for (const { name } of parts) {
      const m = /^records_(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!m) continue;
      const day = dayOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      if (day >= cutoff) continue;
      await this.sql.run(`DROP TABLE IF EXISTS ${name}`);
      dropped.push(name.slice(8));
    }
    return { days: dropped.sort(), records: null };
  }
}

type IssuerRow = {
  public_key: string;
  kid: string;
  iss: string;
  not_before: number;
  not_after: number;
  revoked: number;
};
const ISSUER_COLUMNS = 'public_key, kid, iss, not_before, not_after, revoked';
const issuerOf = (r: IssuerRow): IssuerKey => ({
  iss: r.iss,
  kid: r.kid,
  publicKey: fromBase64(r.public_key) ?? new Uint8Array(32),
  notBefore: Number(r.not_before),
  notAfter: Number(r.not_after),
  revoked: Number(r.revoked) === 1,
});

// The version row is locked until commit: trust changes are serialised, so versions appear in commit order
// and a device that has seen version V can never later miss a change numbered below V.
async function bumpVersion(q: SqlRunner): Promise<number> {
  const [row] = await q.all<{ version: number }>(
    'UPDATE trust_state SET version = version + 1 WHERE id = 1 RETURNING version',
  );
  return Number(row?.version);
}

function pgCode(e: unknown): string | undefined {
  return (e as { code?: string } | null)?.code;
}

interface Stored {
  id: string;
  device_id: string;
  seq: number;
  hash: string;
  prev_hash: string;
}

async function ingestIn(
  q: SqlRunner,
  batch: BatchBody,
  now: number,
): Promise<Result<IngestAck, IngestError>> {
  const deviceId = batch.deviceId;
  // Every writer of one device's chain queues here, across processes: the checks below see a settled chain.
  if (q.dialect === 'postgres') await q.run('SELECT pg_advisory_xact_lock(hashtext($1))', [deviceId]);
  const [device] = await q.all<{ venue_id: string; disabled_at: number | null }>(
    'SELECT venue_id, disabled_at FROM devices WHERE id = $1',
    [deviceId],
  );
  if (!device) return err({ kind: 'unknown-device' });
  if (device.disabled_at !== null) return err({ kind: 'device-disabled' });

  const records = batch.records;
  const inBatch = new Map(records.map((r) => [r.seq, r]));
  const wanted = new Set<number>();
  for (const r of records) {
    wanted.add(r.seq);
    if (r.seq > 1) wanted.add(r.seq - 1);
    wanted.add(r.seq + 1);
  }
  const seqIn = inList(q.dialect, 'seq', [...wanted], 2, 'bigint');
  const stored = new Map<number, Stored>();
  for (const row of await q.all<Stored>(
    `SELECT id, device_id, seq, hash, prev_hash FROM records WHERE device_id = $1 AND ${seqIn.sql}`,
    [deviceId, ...seqIn.params],
  ))
    stored.set(Number(row.seq), row);
  const idIn = inList(
    q.dialect,
    'id',
    records.map((r) => r.id),
    1,
    'text',
  );
  const byId = new Map<string, Stored>();
  for (const row of await q.all<Stored>(
    `SELECT id, device_id, seq, hash, prev_hash FROM records WHERE ${idIn.sql}`,
    idIn.params,
  ))
    byId.set(row.id, row);

  const forks: { seq: number; detail: string }[] = [];
  const duplicates: string[] = [];
  const fresh: DecisionRecord[] = [];
  const gaps: number[] = [];
  for (const r of records) {
    const same = stored.get(r.seq);
    const sameId = byId.get(r.id);
    if (same) {
      if (same.id === r.id && same.hash === r.hash) duplicates.push(r.id);
      else
        forks.push({
          seq: r.seq,
          detail: `seq ${r.seq} is already held by record ${same.id} (hash ${same.hash.slice(0, 12)})`,
        });
      continue;
    }
    if (sameId) {
      forks.push({
        seq: r.seq,
        detail: `record ${r.id} is already held as ${sameId.device_id} seq ${sameId.seq}`,
      });
      continue;
    }
    if (r.seq === 1 && r.prevHash !== GENESIS)
      forks.push({ seq: 1, detail: 'seq 1 does not start from genesis' });
    const prev = r.seq > 1 ? (inBatch.get(r.seq - 1) ?? stored.get(r.seq - 1)) : undefined;
    if (prev && r.prevHash !== prev.hash)
      forks.push({ seq: r.seq, detail: `prevHash of seq ${r.seq} is not the hash of seq ${r.seq - 1}` });
    if (!prev && r.seq > 1) gaps.push(r.seq - 1);
    const next = inBatch.has(r.seq + 1) ? undefined : stored.get(r.seq + 1);
    if (next && next.prev_hash !== r.hash)
      forks.push({ seq: r.seq, detail: `stored seq ${r.seq + 1} does not follow seq ${r.seq}` });
    fresh.push(r);
  }

  if (forks.length > 0) {
    for (const f of forks)
      await q.run(
        `INSERT INTO chain_events (device_id, kind, seq, detail, created_at) VALUES ($1, 'fork', $2, $3, $4)
         ON CONFLICT (device_id, kind, seq) DO NOTHING`,
        [deviceId, f.seq, f.detail, now],
      );
    return err({ kind: 'fork', forks });
  }

  if (fresh.length > 0) {
    const day = dayOf(now);
    const columns = fresh.map((r) => [
      r.id,
      deviceId,
      // Filed under the venue the device is enrolled for: records logged before enrolment carry a local venue id.
      device.venue_id,
      r.seq,
      Date.parse(r.at),
      day,
      now,
      r.hash,
      r.prevHash,
      JSON.stringify(r),
    ]);
    const insert =
      'INSERT INTO records (id, device_id, venue_id, seq, at_ms, day, received_at, hash, prev_hash, body)';
    if (q.dialect === 'postgres') {
      // Ten array parameters instead of 5,000 scalars: one short statement to parse and plan.
      const types = ['text', 'text', 'text', 'bigint', 'bigint', 'int', 'bigint', 'text', 'text', 'text'];
      await q.run(
        `${insert} SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
        types.map((_, i) => columns.map((row) => row[i] as string | number)),
      );
    } else {
      const params: Param[] = columns.flat();
      await q.run(
        `${insert} VALUES ${columns.map((_, i) => placeholders(10, i * 10 + 1)).join(', ')}`,
        params,
      );
    }
    for (const seq of gaps)
      await q.run(
        `INSERT INTO chain_events (device_id, kind, seq, detail, created_at) VALUES ($1, 'gap', $2, $3, $4)
         ON CONFLICT (device_id, kind, seq) DO NOTHING`,
        [deviceId, seq, `seq ${seq} missing before seq ${seq + 1}`, now],
      );
    const freshIn = inList(
      q.dialect,
      'seq',
      fresh.map((r) => r.seq),
      3,
      'bigint',
    );
    await q.run(
      `UPDATE chain_events SET resolved_at = $1 WHERE device_id = $2 AND kind = 'gap' AND resolved_at IS NULL
       AND ${freshIn.sql}`,
      [now, deviceId, ...freshIn.params],
    );
  }
  const maxSeq = Math.max(...records.map((r) => r.seq));
  await q.run(
    `UPDATE devices SET last_seen_at = $1, received = received + $2,
       last_seq = CASE WHEN last_seq < $3 THEN $3 ELSE last_seq END WHERE id = $4`,
    [now, fresh.length, maxSeq, deviceId],
  );
  return ok({
    batchId: batch.batchId,
    accepted: fresh.map((r) => r.id),
    duplicates,
    gaps,
  });
}
