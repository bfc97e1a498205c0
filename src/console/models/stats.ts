// A venue's hourly figures arranged for the eye: by local day (today last), 24 hours each, missing hours as
// zeros, with each day's totals.
import type { StatsHour } from '../../core/console-wire.js';

/** What is counted per hour. */
export type Metric = 'admits' | 'denies' | 'overrides' | 'manual' | 'reports';

/** Every metric, in the order the charts and tables show them. */
export const METRICS: readonly Metric[] = ['admits', 'denies', 'overrides', 'manual', 'reports'];

/** One local day: its date (YYYY-MM-DD), its 24 hours (index = the hour), and its totals. */
export interface DayHours {
  day: string;
  hours: StatsHour[];
  total: Record<Metric, number>;
}

/** The local date of a moment, as YYYY-MM-DD. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function emptyHour(day: string, hour: number): StatsHour {
  const [y, m, d] = day.split('-').map(Number);
  const start = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, hour);
  return { hour: start.toISOString(), admits: 0, denies: 0, overrides: 0, manual: 0, reports: 0 };
}

/** Today and the `days` days before it, oldest first, each with 24 hours; hours outside them are left out. */
export function byDay(hours: readonly StatsHour[], now: number, days: number): DayHours[] {
  const out: DayHours[] = [];
  const index = new Map<string, DayHours>();
  const today = new Date(now);
  for (let back = days; back >= 0; back--) {
    const day = localDay(
      new Date(today.getFullYear(), today.getMonth(), today.getDate() - back, 12).getTime(),
    );
    const entry: DayHours = {
      day,
      hours: Array.from({ length: 24 }, (_, h) => emptyHour(day, h)),
      total: { admits: 0, denies: 0, overrides: 0, manual: 0, reports: 0 },
    };
    out.push(entry);
    index.set(day, entry);
  }
  for (const h of hours) {
    const at = Date.parse(h.hour);
    if (Number.isNaN(at)) continue;
    const entry = index.get(localDay(at));
    if (!entry) continue;
    const slot = entry.hours[new Date(at).getHours()];
    if (!slot) continue;
    for (const m of METRICS) {
      slot[m] += h[m];
      entry.total[m] += h[m];
    }
  }
  return out;
}

/** The sum of each metric over some days. */
export function totals(days: readonly DayHours[]): Record<Metric, number> {
  const sum = { admits: 0, denies: 0, overrides: 0, manual: 0, reports: 0 };
  for (const d of days) for (const m of METRICS) sum[m] += d.total[m];
  return sum;
}
