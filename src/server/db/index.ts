// The server's database: one handle over SQLite or PostgreSQL, with a repository per concept. Nothing is kept
// in memory between requests, so any number of server processes can share one PostgreSQL database.
import { ConsoleRepo } from './console.js';
import { DeviceStatusRepo } from './device-status.js';
import { DeviceRepo } from './devices.js';
import { EnrolmentRepo } from './enrolments.js';
import { MetaRepo } from './meta.js';
import { migrate } from './migrations.js';
import { PolicyRepo } from './policies.js';
import { RecordRepo } from './records.js';
import { ReportRepo } from './reports.js';
import { RetentionRepo } from './retention.js';
import type { Sql } from './sql.js';
import { StatsRepo } from './stats.js';
import { TrustRepo } from './trust.js';
import { TrustObjectRepo } from './trust-objects.js';
import { VenueRepo } from './venues.js';
import { WebhookRepo } from './webhooks.js';

/** The server's database, opened and migrated. */
export class ServerDb {
  /** Settings and the root key. */
  readonly meta: MetaRepo;
  /** Issuer keys, revocations, the authority key, under one version. */
  readonly trust: TrustRepo;
  /** The shared trust objects (snapshots and deltas) served under /trust/. */
  readonly trustObjects: TrustObjectRepo;
  /** Venues and their settings. */
  readonly venues: VenueRepo;
  /** Devices and enrolment tokens. */
  readonly devices: DeviceRepo;
  /** Decision records and chain events. */
  readonly records: RecordRepo;
  /** Purging what retention no longer allows. */
  readonly retention: RetentionRepo;
  /** Policies published as data. */
  readonly policies: PolicyRepo;
  /** Reports and their queue state (issue 13). */
  readonly reports: ReportRepo;
  /** Webhook recipients and the report delivery outbox. */
  readonly webhooks: WebhookRepo;
  /** Console grants, sessions and the audit log. */
  readonly console: ConsoleRepo;
  /** The bundle each device last received, and device status views. */
  readonly deviceStatus: DeviceStatusRepo;
  /** Enrolment links as a venue's manager sees them. */
  readonly enrolments: EnrolmentRepo;
  /** The console's figures per hour. */
  readonly stats: StatsRepo;

  private constructor(readonly sql: Sql) {
    this.meta = new MetaRepo(sql);
    this.trust = new TrustRepo(sql);
    this.trustObjects = new TrustObjectRepo(sql);
    this.venues = new VenueRepo(sql);
    this.devices = new DeviceRepo(sql);
    this.records = new RecordRepo(sql);
    this.retention = new RetentionRepo(sql);
    this.policies = new PolicyRepo(sql);
    this.webhooks = new WebhookRepo(sql);
    this.reports = new ReportRepo(sql, this.webhooks);
    this.console = new ConsoleRepo(sql);
    this.deviceStatus = new DeviceStatusRepo(sql);
    this.enrolments = new EnrolmentRepo(sql);
    this.stats = new StatsRepo(sql);
  }

  /** Opens the database on a connection and brings its schema up to date. */
  static async open(sql: Sql): Promise<ServerDb> {
    await migrate(sql);
    return new ServerDb(sql);
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.sql.close();
  }
}

export type { Device, DeviceSummary, EnrolError } from './devices.js';
export type { IngestAck, IngestError } from './ingest.js';
export type { Publication, PublishError, PublishedPolicy } from './policies.js';
export type { ChainEvent, StoredDecision } from './records.js';
export type { TrustChanges } from './trust.js';
export type { Venue } from './venues.js';
