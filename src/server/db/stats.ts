// Figures for the console, per hour: a venue's decisions from its records, and where abnormal codes were
// reported, by venue, from the reports.
import type { StatsHour, VenueHour } from '../../core/console-wire.js';
import type { Sql } from './sql.js';

const HOUR_MS = 3_600_000;

interface DecisionRow {
  id: string;
  at_ms: number;
  decision: string | null;
  source: string | null;
  override_type: string | null;
  amends: string | null;
  reports: number | boolean | null;
}

// The few fields the figures need, read out of each record's JSON by the database rather than sent whole.
const FIELDS = {
  sqlite: `SELECT id, at_ms, json_extract(body, '$.decision') AS decision, json_extract(body, '$.source') AS source,
      json_type(body, '$.override') AS override_type, json_extract(body, '$.amends') AS amends,
      instr(json_extract(body, '$.actions'), '"report"') > 0 AS reports
    FROM records WHERE venue_id = $1 AND at_ms >= $2 AND at_ms < $3`,
  postgres: `SELECT id, at_ms, b ->> 'decision' AS decision, b ->> 'source' AS source,
      jsonb_typeof(b -> 'override') AS override_type, b ->> 'amends' AS amends,
      (b -> 'actions') @> '["report"]'::jsonb AS reports
    FROM (SELECT id, at_ms, body::jsonb AS b FROM records WHERE venue_id = $1 AND at_ms >= $2 AND at_ms < $3) AS r`,
} as const;

/** The console's figures. */
export class StatsRepo {
  constructor(private readonly sql: Sql) {}

  /**
   * A venue's decisions per hour, every hour from `fromMs` to `toMs` (zeros included, so a chart has no holes).
   * A decision later amended (temperature, override) counts once, as amended, as on the device's log screen.
   */
  async hourly(venueId: string, fromMs: number, toMs: number): Promise<StatsHour[]> {
    const first = Math.floor(fromMs / HOUR_MS);
    const last = Math.floor((toMs - 1) / HOUR_MS);
    const hours: StatsHour[] = [];
    for (let h = first; h <= last; h++)
      hours.push({
        hour: new Date(h * HOUR_MS).toISOString(),
        admits: 0,
        denies: 0,
        overrides: 0,
        manual: 0,
        reports: 0,
      });
    const rows = await this.sql.all<DecisionRow>(FIELDS[this.sql.dialect], [venueId, first * HOUR_MS, toMs]);
    const superseded = new Set(rows.flatMap((r) => (r.amends ? [r.amends] : [])));
    for (const r of rows) {
      const hour = hours[Math.floor(Number(r.at_ms) / HOUR_MS) - first];
      if (!hour || superseded.has(r.id)) continue;
      if (r.decision === 'admit') hour.admits++;
      else hour.denies++;
      if (r.override_type === 'object') hour.overrides++;
      if (r.source === 'manual') hour.manual++;
      if (r.reports === true || Number(r.reports) === 1) hour.reports++;
    }
    return hours;
  }

  /** Reported red and yellow codes per venue and hour since `sinceMs`, most recent hour first. */
  async abnormalByVenueHour(sinceMs: number): Promise<VenueHour[]> {
    const rows = await this.sql.all<{
      venue_id: string;
      venue_name: string;
      hour: number;
      red: number;
      yellow: number;
    }>(
      `SELECT r.venue_id, v.name AS venue_name, r.at_ms / ${HOUR_MS} AS hour,
         SUM(CASE WHEN r.colour = 'red' THEN 1 ELSE 0 END) AS red,
         SUM(CASE WHEN r.colour = 'yellow' THEN 1 ELSE 0 END) AS yellow
       FROM reports r JOIN venues v ON v.id = r.venue_id WHERE r.at_ms >= $1
       GROUP BY r.venue_id, v.name, r.at_ms / ${HOUR_MS} ORDER BY hour DESC, r.venue_id`,
      [sinceMs],
    );
    return rows.map((r) => ({
      venueId: r.venue_id,
      venueName: r.venue_name,
      hour: new Date(Math.floor(Number(r.hour)) * HOUR_MS).toISOString(),
      red: Number(r.red),
      yellow: Number(r.yellow),
    }));
  }
}
