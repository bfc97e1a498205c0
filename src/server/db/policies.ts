// Policies published as data: every version kept, the newest one per name travelling in its venues' bundles.
import { canonicalJson } from '../../core/log.js';
import { POLICIES, parsePolicy, type Policy } from '../../core/policy/index.js';
import { err, ok, type Result } from '../../core/result.js';
import { asNumber, columns, type Row } from './columns.js';
import type { Sql } from './sql.js';
import { bumpVersion } from './trust.js';

/** A published policy version. */
export interface PublishedPolicy {
  name: string;
  version: number;
  /** Milliseconds since the epoch. */
  publishedAt: number;
  /** The trust version that brought it to devices (their next bundle carries it). */
  trustVersion: number;
}

/** What a publication did: a new version stored (`published`) or the same one already there. */
export interface Publication extends PublishedPolicy {
  published: boolean;
}

/** Why a policy was not published: the version must rise above the one in force (published or shipped). */
export type PublishError = { kind: 'version-not-raised'; name: string; version: number; current: number };

const POLICY = columns<PublishedPolicy>()(['name', 'version', 'publishedAt', 'trustVersion'], {
  version: asNumber,
  publishedAt: asNumber,
  trustVersion: asNumber,
});

/** The policies table. */
export class PolicyRepo {
  constructor(private readonly sql: Sql) {}

  /**
   * Publishes a policy (already checked by parsePolicy). Its version must be above the newest published and the
   * shipped one of its name; publishing the very same version again changes nothing. A publication is a trust
   * change: devices of the venues under that name get it in their next bundle.
   */
  async publish(policy: Policy, now = Date.now()): Promise<Result<Publication, PublishError>> {
    const body = canonicalJson(policy);
    return this.sql.tx(async (q) => {
      // Serialised with every other trust change: the version row is locked to commit (SQLite: BEGIN IMMEDIATE).
      if (q.dialect === 'postgres') await q.run('SELECT version FROM trust_state WHERE id = 1 FOR UPDATE');
      const [row] = await q.all<Row & { body: string }>(
        `SELECT ${POLICY.list()}, body FROM policies WHERE name = $1 ORDER BY version DESC LIMIT 1`,
        [policy.name],
      );
      if (row && Number(row.version) === policy.version && row.body === body)
        return ok({ ...POLICY.read(row), published: false });
      const current = Math.max(Number(row?.version ?? 0), POLICIES[policy.name]?.version ?? 0);
      if (policy.version <= current)
        return err({ kind: 'version-not-raised', name: policy.name, version: policy.version, current });
      const trustVersion = await bumpVersion(q);
      await q.run(
        'INSERT INTO policies (name, version, body, published_at, trust_version) VALUES ($1, $2, $3, $4, $5)',
        [policy.name, policy.version, body, now, trustVersion],
      );
      return ok({
        name: policy.name,
        version: policy.version,
        publishedAt: now,
        trustVersion,
        published: true,
      });
    });
  }

  /** The newest published version of `name`, checked again as it is read; null when none was published. */
  async latest(name: string): Promise<Policy | null> {
    const [row] = await this.sql.all<{ body: string }>(
      'SELECT body FROM policies WHERE name = $1 ORDER BY version DESC LIMIT 1',
      [name],
    );
    if (!row) return null;
    const parsed = parsePolicy(JSON.parse(row.body));
    return parsed.ok ? parsed.value : null;
  }

  /** Every published version, by name and version. */
  async list(): Promise<PublishedPolicy[]> {
    const rows = await this.sql.all<Row>(`SELECT ${POLICY.list()} FROM policies ORDER BY name, version`);
    return rows.map(POLICY.read);
  }
}
