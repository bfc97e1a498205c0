// Webhook recipients of venues and the durable outbox of report deliveries: a row per report and recipient,
// claimed by one server at a time, retried with backoff, its state kept only in the database.
import { randomUUID } from 'node:crypto';
import type { DeliveryState, ReportDelivery } from '../../core/console-wire.js';
import { inList, type Sql, type SqlRunner } from './sql.js';

/** Deliveries given up after this many attempts. */
export const MAX_ATTEMPTS = 20;

/** The wait before attempt n + 1 after n failed: 1 s, 2 s, 4 s … at most 5 minutes. */
export const retryDelayMs = (failed: number): number =>
  Math.min(1000 * 2 ** Math.max(0, failed - 1), 300_000);

/** A delivery claimed by this server: its attempt number is already counted. */
export interface ClaimedDelivery {
  id: string;
  reportId: string;
  url: string;
  attempt: number;
}

interface OutboxRow {
  id: string;
  report_id: string;
  url: string;
  attempts: number;
  state: 'pending' | 'delivered' | 'failed';
  last_error: string | null;
}

/** Puts a report's deliveries (one per recipient of its venue) in the outbox, inside the caller's transaction. */
export async function enqueueDeliveries(
  q: SqlRunner,
  reportId: string,
  venueId: string,
  now: number,
): Promise<void> {
  const recipients = await q.all<{ url: string }>('SELECT url FROM venue_webhooks WHERE venue_id = $1', [
    venueId,
  ]);
  for (const { url } of recipients)
    await q.run(
      `INSERT INTO report_outbox (id, report_id, url, attempts, next_at, state) VALUES ($1, $2, $3, 0, $4, 'pending')
       ON CONFLICT (report_id, url) DO NOTHING`,
      [randomUUID(), reportId, url, now],
    );
}

/** Webhook recipients and the delivery outbox. */
export class WebhookRepo {
  constructor(private readonly sql: Sql) {}

  /** Adds a recipient URL to a venue (again: no change); returns the venue's recipients. */
  async addRecipient(venueId: string, url: string, now = Date.now()): Promise<string[]> {
    await this.sql.run(
      `INSERT INTO venue_webhooks (venue_id, url, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (venue_id, url) DO NOTHING`,
      [venueId, url, now],
    );
    return this.recipients(venueId);
  }

  /** A venue's recipient URLs, oldest first. */
  async recipients(venueId: string): Promise<string[]> {
    const rows = await this.sql.all<{ url: string }>(
      'SELECT url FROM venue_webhooks WHERE venue_id = $1 ORDER BY created_at, url',
      [venueId],
    );
    return rows.map((r) => r.url);
  }

  /** When the next pending delivery is due (ms), or null when nothing is pending: one index lookup. */
  async nextDue(): Promise<number | null> {
    const [row] = await this.sql.all<{ next_at: number | null }>(
      "SELECT MIN(next_at) AS next_at FROM report_outbox WHERE state = 'pending'",
    );
    return row?.next_at === null || row?.next_at === undefined ? null : Number(row.next_at);
  }

  /**
   * Claims up to `limit` due deliveries for one attempt each: the attempt is counted and the row pushed `leaseMs`
   * ahead, in one statement, so no other server claims it meanwhile; a server that dies mid-attempt leaves the
   * row to be claimed again when the lease runs out.
   */
  async claim(now: number, leaseMs: number, limit = 10): Promise<ClaimedDelivery[]> {
    const due = `SELECT id FROM report_outbox WHERE state = 'pending' AND next_at <= $1 ORDER BY next_at LIMIT ${limit}`;
    const rows = await this.sql.all<OutboxRow>(
      `UPDATE report_outbox SET attempts = attempts + 1, next_at = $2
       WHERE id IN (${this.sql.dialect === 'postgres' ? `${due} FOR UPDATE SKIP LOCKED` : due})
         AND state = 'pending' AND next_at <= $1
       RETURNING id, report_id, url, attempts`,
      [now, now + leaseMs],
    );
    return rows.map((r) => ({ id: r.id, reportId: r.report_id, url: r.url, attempt: Number(r.attempts) }));
  }

  /** Records a delivery the recipient accepted. */
  async delivered(id: string, now = Date.now()): Promise<void> {
    await this.sql.run(
      "UPDATE report_outbox SET state = 'delivered', delivered_at = $1, last_error = NULL WHERE id = $2",
      [now, id],
    );
  }

  /** Records a failed attempt: retried after the backoff, or given up after MAX_ATTEMPTS. */
  async failed(claimed: ClaimedDelivery, error: string, now = Date.now()): Promise<void> {
    const giveUp = claimed.attempt >= MAX_ATTEMPTS;
    await this.sql.run(
      `UPDATE report_outbox SET state = $1, next_at = $2, last_error = $3 WHERE id = $4 AND state = 'pending'`,
      [giveUp ? 'failed' : 'pending', now + retryDelayMs(claimed.attempt), error.slice(0, 500), claimed.id],
    );
  }

  /** How each report's deliveries stand, for the reports given (absent: no recipient, state 'none'). */
  async deliveries(reportIds: readonly string[]): Promise<Map<string, ReportDelivery>> {
    const out = new Map<string, ReportDelivery>();
    if (reportIds.length === 0) return out;
    const ids = inList(this.sql.dialect, 'report_id', reportIds, 1, 'text');
    const rows = await this.sql.all<OutboxRow>(
      `SELECT id, report_id, url, attempts, state, last_error FROM report_outbox WHERE ${ids.sql}
       ORDER BY report_id, url`,
      ids.params,
    );
    for (const r of rows) out.set(r.report_id, worse(out.get(r.report_id), r));
    return out;
  }
}

const RANK: Record<DeliveryState, number> = { none: 0, delivered: 1, pending: 2, failed: 3 };

// Several recipients: the report shows the least advanced delivery (failed, else pending, else delivered).
function worse(sofar: ReportDelivery | undefined, row: OutboxRow): ReportDelivery {
  const next: ReportDelivery = {
    state: row.state,
    attempts: Number(row.attempts),
    lastError: row.last_error,
  };
  if (!sofar) return next;
  return RANK[next.state] > RANK[sofar.state] ? next : sofar;
}
