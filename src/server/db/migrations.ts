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

// Issue 13: reports with their queue state and a change counter the console polls by; the webhook outbox and
// recipients; the console's grants, sessions and audit log; the bundle each device last received (trust age).
const REPORTS_CONSOLE = `
CREATE TABLE report_clock (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL);
INSERT INTO report_clock (id, seq) VALUES (1, 0);
CREATE TABLE reports (
  id TEXT PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, venue_id TEXT NOT NULL, region TEXT NOT NULL,
  device_id TEXT NOT NULL, at_ms BIGINT NOT NULL, colour TEXT NOT NULL, masked_name TEXT, id_last4 TEXT,
  subject TEXT, rule TEXT NOT NULL, cite TEXT NOT NULL, staff TEXT, state TEXT NOT NULL,
  acknowledged_by TEXT, acknowledged_at BIGINT, closed_by TEXT, closed_at BIGINT, outcome TEXT,
  created_at BIGINT NOT NULL, changed_seq BIGINT NOT NULL);
CREATE INDEX reports_at ON reports (at_ms, id);
CREATE INDEX reports_venue_at ON reports (venue_id, at_ms);
CREATE INDEX reports_changed ON reports (changed_seq);
CREATE INDEX reports_venue_changed ON reports (venue_id, changed_seq);
CREATE TABLE venue_webhooks (
  venue_id TEXT NOT NULL REFERENCES venues (id), url TEXT NOT NULL, created_at BIGINT NOT NULL,
  PRIMARY KEY (venue_id, url));
CREATE TABLE report_outbox (
  id TEXT PRIMARY KEY, report_id TEXT NOT NULL, url TEXT NOT NULL, attempts INTEGER NOT NULL,
  next_at BIGINT NOT NULL, state TEXT NOT NULL, last_error TEXT, delivered_at BIGINT, UNIQUE (report_id, url));
CREATE INDEX report_outbox_due ON report_outbox (state, next_at);
CREATE TABLE console_grants (
  token_hash TEXT PRIMARY KEY, role TEXT NOT NULL, venue_ids TEXT NOT NULL, label TEXT NOT NULL,
  session_ttl_ms BIGINT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT,
  revoked_at BIGINT);
CREATE TABLE console_sessions (
  id_hash TEXT PRIMARY KEY, role TEXT NOT NULL, venue_ids TEXT NOT NULL, label TEXT NOT NULL,
  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, revoked_at BIGINT);
CREATE INDEX console_sessions_label ON console_sessions (label);
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY, at BIGINT NOT NULL, label TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TABLE device_bundles (device_id TEXT PRIMARY KEY, version BIGINT NOT NULL, served_at BIGINT NOT NULL);
`;

// Issue 14: the shared trust objects (snapshots and deltas), built once per version and named by their SHA-256;
// stored in parts so a range is read without the whole object.
const trustObjects = (blob: string) => `
CREATE TABLE trust_objects (
  hash TEXT PRIMARY KEY, kind TEXT NOT NULL, since BIGINT NOT NULL, version BIGINT NOT NULL,
  size BIGINT NOT NULL, part_size BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX trust_objects_version ON trust_objects (version, since);
CREATE TABLE trust_object_parts (hash TEXT NOT NULL, part INTEGER NOT NULL, bytes ${blob} NOT NULL,
  PRIMARY KEY (hash, part));
`;

// Issue 11 item 9: the bundle format each device last asked for (1, 2; NULL before this), so an operator can tell
// when no device asks for format 1 any more (docs/bundles.md). A nullable column: instant in both databases.
const BUNDLE_FORMATS = 'ALTER TABLE device_bundles ADD COLUMN format INTEGER';

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
  {
    version: 4,
    name: 'reports-console-webhooks',
    sqlite: REPORTS_CONSOLE,
    postgres: REPORTS_CONSOLE,
  },
  { version: 5, name: 'trust-objects', sqlite: trustObjects('BLOB'), postgres: trustObjects('BYTEA') },
  { version: 6, name: 'bundle-formats', sqlite: BUNDLE_FORMATS, postgres: BUNDLE_FORMATS },
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
