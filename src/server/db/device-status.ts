// How each device is doing, as a venue's manager and the authority see it: last sync, the trust data it last
// received and how old that is, open chain problems, the staff on its last record, and devices gone quiet.
import type { ConsoleDevice, StaleDevice } from '../../core/console-wire.js';
import type { DecisionRecord } from '../../core/log.js';
import { staffOf } from '../../core/report.js';
import type { Sql } from './sql.js';

interface StatusRow {
  id: string;
  label: string | null;
  enrolled_at: number;
  last_seen_at: number | null;
  disabled_at: number | null;
  version: number | null;
  served_at: number | null;
  open_gaps: number;
  forks: number;
  last_body: string | null;
}

const HOUR_MS = 3_600_000;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());

/** Device status: the bundle each device last received, and the views built on it. */
export class DeviceStatusRepo {
  constructor(private readonly sql: Sql) {}

  /**
   * Notes the bundle version a device was just given (its trust data's age counts from now), and in which format
   * it asked (1: the old self-contained bundle; the operator stops serving it once no device asks for it).
   */
  async noteBundle(
    deviceId: string,
    version: number,
    now = Date.now(),
    format: 1 | 2 | null = null,
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO device_bundles (device_id, version, served_at, format) VALUES ($1, $2, $3, $4)
       ON CONFLICT (device_id) DO UPDATE SET version = excluded.version, served_at = excluded.served_at,
         format = excluded.format`,
      [deviceId, version, now, format],
    );
  }

  /** A venue's devices with their status, oldest enrolment first. */
  async ofVenue(venueId: string, now = Date.now()): Promise<ConsoleDevice[]> {
    const rows = await this.sql.all<StatusRow>(
      `SELECT d.id, d.label, d.enrolled_at, d.last_seen_at, d.disabled_at, b.version, b.served_at,
         (SELECT COUNT(*) FROM chain_events e WHERE e.device_id = d.id AND e.kind = 'gap' AND e.resolved_at IS NULL) AS open_gaps,
         (SELECT COUNT(*) FROM chain_events e WHERE e.device_id = d.id AND e.kind = 'fork') AS forks,
         (SELECT r.body FROM records r WHERE r.device_id = d.id ORDER BY r.seq DESC LIMIT 1) AS last_body
       FROM devices d LEFT JOIN device_bundles b ON b.device_id = d.id
       WHERE d.venue_id = $1 ORDER BY d.enrolled_at, d.id`,
      [venueId],
    );
    return rows.map((r) => ({
      id: r.id,
      label: r.label ?? '',
      enrolledAt: iso(r.enrolled_at)!,
      lastSyncAt: iso(r.last_seen_at),
      trustVersion: r.version === null ? null : Number(r.version),
      trustAgeHours:
        r.served_at === null ? null : Math.round(((now - Number(r.served_at)) / HOUR_MS) * 10) / 10,
      pendingGaps: Number(r.open_gaps),
      forks: Number(r.forks),
      staff: r.last_body ? staffOf(JSON.parse(r.last_body) as DecisionRecord) : null,
      disabled: r.disabled_at !== null,
    }));
  }

  /**
   * Devices in service that have not synced for longer than their venue allows them to work offline
   * (`maxOfflineHours` of the venue), or never synced since an enrolment that long ago.
   */
  async stale(maxOfflineHours: (venueId: string) => number, now = Date.now()): Promise<StaleDevice[]> {
    const rows = await this.sql.all<{
      id: string;
      venue_id: string;
      enrolled_at: number;
      last_seen_at: number | null;
    }>(
      `SELECT id, venue_id, enrolled_at, last_seen_at FROM devices WHERE disabled_at IS NULL
       ORDER BY last_seen_at, id`,
    );
    return rows
      .filter((r) => now - Number(r.last_seen_at ?? r.enrolled_at) > maxOfflineHours(r.venue_id) * HOUR_MS)
      .map((r) => ({ id: r.id, venueId: r.venue_id, lastSyncAt: iso(r.last_seen_at) }));
  }
}
