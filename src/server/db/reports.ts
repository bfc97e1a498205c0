// Reports: filed with the record that asks for one (report-filing.ts, once per decision), then a queue
// state new → acknowledged → closed. Every change takes the next number of one counter, so the console polls
// for changes with one index range scan.
import type { Report, ReportColour, ReportPage, ReportQuery, ReportState } from '../../core/console-wire.js';
import { inList, type Param, type Sql } from './sql.js';
import { nextSeq } from './report-filing.js';
import type { WebhookRepo } from './webhooks.js';

/** Which venues a reader sees: null for all (the authority), else these (a manager's). */
export type VenueScope = readonly string[] | null;

interface ReportRow {
  id: string;
  record_id: string;
  venue_id: string;
  venue_name: string;
  region: string;
  device_id: string;
  at_ms: number;
  colour: ReportColour;
  masked_name: string | null;
  id_last4: string | null;
  subject: string | null;
  rule: string;
  cite: string;
  staff: string | null;
  state: ReportState;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  closed_by: string | null;
  closed_at: number | null;
  outcome: string | null;
  changed_seq: number;
}

const SELECT = `SELECT r.id, r.record_id, r.venue_id, v.name AS venue_name, r.region, r.device_id, r.at_ms,
  r.colour, r.masked_name, r.id_last4, r.subject, r.rule, r.cite, r.staff, r.state, r.acknowledged_by,
  r.acknowledged_at, r.closed_by, r.closed_at, r.outcome, r.changed_seq
  FROM reports r JOIN venues v ON v.id = r.venue_id`;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());

/** What a change of state found: the report as it is now, and whether this change moved it. */
export interface ReportChange {
  report: Report;
  changed: boolean;
}

/** An opaque cursor: the change number read before a query, and the last report of a page. */
interface Cursor {
  seq: number;
  at: number | null;
  id: string | null;
}

/** The cursor's text form (base64url of "seq.at.id"). */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.seq}.${c.at ?? ''}.${c.id ?? ''}`).toString('base64url');
}

/** A cursor read back; null when the text is not one of ours. */
export function decodeCursor(text: string): Cursor | null {
  const m = /^(\d+)\.(\d*)\.([0-9a-f-]*)$/.exec(Buffer.from(text, 'base64url').toString());
  if (!m) return null;
  return { seq: Number(m[1]), at: m[2] ? Number(m[2]) : null, id: m[3] || null };
}

/** The reports table. */
export class ReportRepo {
  constructor(
    private readonly sql: Sql,
    private readonly webhooks: WebhookRepo,
  ) {}

  /** Reports newest first (by decision time), filtered, in pages; `after` is the cursor of the page before. */
  async list(
    query: Omit<ReportQuery, 'after'> & { after?: Cursor | null },
    scope: VenueScope,
  ): Promise<ReportPage> {
    const seq = await this.clock();
    const where: string[] = [];
    const params: Param[] = [];
    if (query.state) where.push(`r.state = $${params.push(query.state)}`);
    if (query.venue) where.push(`r.venue_id = $${params.push(query.venue)}`);
    if (query.colour) where.push(`r.colour = $${params.push(query.colour)}`);
    if (query.region) where.push(`r.region = $${params.push(query.region)}`);
    if (query.after?.at !== null && query.after?.at !== undefined && query.after.id) {
      const a = params.push(query.after.at);
      const b = params.push(query.after.id);
      where.push(`(r.at_ms < $${a} OR (r.at_ms = $${a} AND r.id < $${b}))`);
    }
    this.scoped(scope, where, params);
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const rows = await this.sql.all<ReportRow>(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.at_ms DESC, r.id DESC LIMIT ${limit}`,
      params,
    );
    const last = rows[rows.length - 1];
    return {
      reports: await this.toWire(rows),
      cursor: encodeCursor({ seq, at: last ? Number(last.at_ms) : null, id: last?.id ?? null }),
    };
  }

  /** Reports new or changed since a cursor's change number, oldest change first, at most 500 per call. */
  async changes(since: Cursor | null, scope: VenueScope): Promise<ReportPage> {
    const seq = await this.clock();
    const from = since?.seq ?? 0;
    const where = [`r.changed_seq > $1`];
    const params: Param[] = [from];
    this.scoped(scope, where, params);
    const rows = await this.sql.all<ReportRow>(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY r.changed_seq LIMIT 500`,
      params,
    );
    // A full page continues from its last row; else from the counter read before the query (never skipping a
    // change committed after that read, whose number is higher).
    const next = rows.length === 500 ? Number(rows[rows.length - 1]!.changed_seq) : Math.max(seq, from);
    return { reports: await this.toWire(rows), cursor: encodeCursor({ seq: next, at: null, id: null }) };
  }

  /** A report by id, if the scope sees it. */
  async get(id: string, scope: VenueScope = null): Promise<Report | null> {
    const where = ['r.id = $1'];
    const params: Param[] = [id];
    this.scoped(scope, where, params);
    const rows = await this.sql.all<ReportRow>(`${SELECT} WHERE ${where.join(' AND ')}`, params);
    return (await this.toWire(rows))[0] ?? null;
  }

  /** Acknowledges a new report (by whom, when); a report past `new` is left as it is. */
  acknowledge(id: string, by: string, now = Date.now()): Promise<ReportChange | null> {
    return this.change(
      id,
      `state = 'acknowledged', acknowledged_by = $3, acknowledged_at = $4`,
      `state = 'new'`,
      [by, now],
    );
  }

  /** Closes a report with its outcome (acknowledging it too if it was new); a closed report is left as it is. */
  close(id: string, by: string, outcome: string, now = Date.now()): Promise<ReportChange | null> {
    return this.change(
      id,
      `state = 'closed', closed_by = $3, closed_at = $4, outcome = $5,
       acknowledged_by = COALESCE(acknowledged_by, $3), acknowledged_at = COALESCE(acknowledged_at, $4)`,
      `state <> 'closed'`,
      [by, now, outcome],
    );
  }

  /** Deletes reports (and their deliveries) of decisions before `beforeMs`: the records' retention applies. */
  async purge(beforeMs: number): Promise<number> {
    return this.sql.tx(async (q) => {
      await q.run('DELETE FROM report_outbox WHERE report_id IN (SELECT id FROM reports WHERE at_ms < $1)', [
        beforeMs,
      ]);
      return q.run('DELETE FROM reports WHERE at_ms < $1', [beforeMs]);
    });
  }

  // One conditional UPDATE in a transaction with the next change number: two people acting at once change once.
  private async change(id: string, set: string, when: string, values: Param[]): Promise<ReportChange | null> {
    const changed = await this.sql.tx(async (q) => {
      const [row] = await q.all<{ state: string }>(`SELECT state FROM reports WHERE id = $1`, [id]);
      if (!row) return null;
      const seq = await nextSeq(q);
      return (
        (await q.run(`UPDATE reports SET ${set}, changed_seq = $2 WHERE id = $1 AND ${when}`, [
          id,
          seq,
          ...values,
        ])) === 1
      );
    });
    if (changed === null) return null;
    const report = await this.get(id);
    return report ? { report, changed } : null;
  }

  private async clock(): Promise<number> {
    const [row] = await this.sql.all<{ seq: number }>('SELECT seq FROM report_clock WHERE id = 1');
    return Number(row?.seq ?? 0);
  }

  private scoped(scope: VenueScope, where: string[], params: Param[]): void {
    if (scope === null) return;
    if (scope.length === 0) {
      where.push('1 = 0');
      return;
    }
    const venues = inList(this.sql.dialect, 'r.venue_id', scope, params.length + 1, 'text');
    where.push(venues.sql);
    params.push(...venues.params);
  }

  private async toWire(rows: ReportRow[]): Promise<Report[]> {
    const deliveries = await this.webhooks.deliveries(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      venueId: r.venue_id,
      venueName: r.venue_name,
      region: r.region,
      deviceId: r.device_id,
      recordId: r.record_id,
      at: iso(r.at_ms)!,
      colour: r.colour,
      maskedName: r.masked_name,
      idLast4: r.id_last4,
      subject: r.subject,
      rule: r.rule,
      cite: r.cite,
      staff: r.staff,
      state: r.state,
      acknowledgedBy: r.acknowledged_by,
      acknowledgedAt: iso(r.acknowledged_at),
      closedBy: r.closed_by,
      closedAt: iso(r.closed_at),
      outcome: r.outcome,
      delivery: deliveries.get(r.id) ?? { state: 'none', attempts: 0, lastError: null },
    }));
  }
}
