// Schema migrations, per dialect; applied in order, each once, under a lock so parallel servers start safely.
import type { Sql, SqlRunner } from './sql.js';

interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

// Shared tables: the same columns in both dialects; only records differ (PostgreSQL partitions them by day).
const common = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE trust_state (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
INSERT INTO trust_state (id, version) VALUES (1, 0);
CREATE TABLE issuers (
  public_key TEXT PRIMARY KEY, kid TEXT NOT NULL, iss TEXT NOT NULL,
  not_before BIGINT NOT NULL, not_after BIGINT NOT NULL, revoked INTEGER NOT NULL, version BIGINT NOT NULL);
CREATE INDEX issuers_version ON issuers (version);
CREATE TABLE revocations (
  iss TEXT NOT NULL, subject TEXT NOT NULL, before_s BIGINT NOT NULL, version BIGINT NOT NULL,
  PRIMARY KEY (iss, subject));
CREATE INDEX revocations_version ON revocations (version);
CREATE TABLE venues (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, policy TEXT NOT NULL,
  settings TEXT NOT NULL, created_at BIGINT NOT NULL, version BIGINT NOT NULL);
CREATE TABLE enrol_tokens (
  token_hash TEXT PRIMARY KEY, venue_id TEXT NOT NULL REFERENCES venues (id),
  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT, device_id TEXT);
CREATE TABLE devices (
  id TEXT PRIMARY KEY, venue_id TEXT NOT NULL REFERENCES venues (id), public_key TEXT NOT NULL, label TEXT,
  enrolled_at BIGINT NOT NULL, disabled_at BIGINT, last_seen_at BIGINT,
  last_seq BIGINT NOT NULL DEFAULT 0, received BIGINT NOT NULL DEFAULT 0);
CREATE TABLE chain_events (
  device_id TEXT NOT NULL, kind TEXT NOT NULL, seq BIGINT NOT NULL, detail TEXT NOT NULL,
  created_at BIGINT NOT NULL, resolved_at BIGINT, PRIMARY KEY (device_id, kind, seq));
`;

const recordColumns = `
  id TEXT NOT NULL, device_id TEXT NOT NULL, venue_id TEXT NOT NULL, seq BIGINT NOT NULL,
  at_ms BIGINT NOT NULL, day INTEGER NOT NULL, received_at BIGINT NOT NULL,
  hash TEXT NOT NULL, prev_hash TEXT NOT NULL, body TEXT NOT NULL`;

const VERSION_2 = `
ALTER TABLE issuers ADD COLUMN venue_id TEXT;
ALTER TABLE revocations ADD COLUMN venue_id TEXT;
ALTER TABLE devices ADD COLUMN purged_seq BIGINT NOT NULL DEFAULT 0
`;

// A revocation may carry the colour since `before`; policies published as signed data, every version kept.
const POLICIES_AND_COLOURS = `
ALTER TABLE revocations ADD COLUMN colour TEXT;
CREATE TABLE policies (
  name TEXT NOT NULL, version BIGINT NOT NULL, body TEXT NOT NULL, published_at BIGINT NOT NULL,
  trust_version BIGINT NOT NULL, PRIMARY KEY (name, version));
`;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial',
    sqlite: `${common}
CREATE TABLE records (${recordColumns}, PRIMARY KEY (id), UNIQUE (device_id, seq));
CREATE INDEX records_day ON records (day);
CREATE INDEX records_at ON records (at_ms);
`,
    // Partitioned by the UTC day the server received a record: retention drops whole days.
    postgres: `${common}
CREATE TABLE records (${recordColumns}, PRIMARY KEY (id, day)) PARTITION BY RANGE (day);
CREATE INDEX records_device_seq ON records (device_id, seq);
CREATE INDEX records_at ON records (at_ms);
`,
  },
  {
    version: 2,
    name: 'venue-scoped trust, purge watermark',
    // venue_id on issuers and revocations: NULL for every venue's bundles, else only that venue's (the demo).
    // purged_seq: the device's records up to this seq are gone (purged, or refused as past retention), so an
    // upload of them is acknowledged and not stored again.
    sqlite: VERSION_2,
    postgres: VERSION_2,
  },
  {
    version: 3,
    name: 'revocation colours, published policies',
    sqlite: POLICIES_AND_COLOURS,
    postgres: POLICIES_AND_COLOURS,
  },
];

/** Brings the schema up to date; returns the versions applied now. Safe when several servers start at once. */
export async function migrate(sql: Sql): Promise<number[]> {
  return sql.tx(async (q) => {
    if (q.dialect === 'postgres') {
      // Everything below runs under one lock per schema, held to commit: of N servers starting together on one
      // database, one migrates and the others wait here, then find nothing left to do (CREATE … IF NOT EXISTS
      // alone is not safe against a concurrent twin: it can fail on the catalogue's unique index).
      await q.run('SELECT pg_advisory_xact_lock(hashtext($1))', [`checkpoint-migrate:${sql.schema ?? ''}`]);
      if (sql.schema) await q.run(`CREATE SCHEMA IF NOT EXISTS ${sql.schema}`);
    }
    // SQLite: the transaction is BEGIN IMMEDIATE, which already keeps every other writer of the file out.
    await q.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
    );
    return applyPending(q);
  });
}

async function applyPending(q: SqlRunner): Promise<number[]> {
  const done = new Set(
    (await q.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
  );
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    for (const statement of m[q.dialect].split(';').map((s) => s.trim()))
      if (statement) await q.run(statement);
    await q.run('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
      m.version,
      Date.now(),
    ]);
    applied.push(m.version);
  }
  return applied;
}
