// Where abnormal codes turn up: one row per venue that had any in the last 24 hours, one square per hour, red
// where there were red codes and yellow where there were only yellow ones, darker for more.
import type { JSX } from 'preact';
import type { VenueHour } from '../../core/console-wire.js';
import { HeatGrid, heatLevel, type HeatRow } from '../components/HeatGrid.js';
import type { ConsoleTranslate } from '../i18n/index.js';

const HOUR = 3_600_000;

/** The venues × last 24 hours grid, ending with the hour of `now`. */
export function AbnormalGrid(props: {
  counts: readonly VenueHour[];
  now: number;
  t: ConsoleTranslate;
}): JSX.Element {
  const { t } = props;
  const first = Math.floor(props.now / HOUR) * HOUR - 23 * HOUR;
  const hours = Array.from({ length: 24 }, (_, i) => new Date(first + i * HOUR).getHours());
  const venues = new Map<string, { name: string; red: number[]; yellow: number[] }>();
  for (const c of props.counts) {
    const slot = Math.floor((Math.floor(Date.parse(c.hour) / HOUR) * HOUR - first) / HOUR);
    if (!(slot >= 0 && slot < 24)) continue;
    const v = venues.get(c.venueId) ?? {
      name: c.venueName,
      red: Array(24).fill(0),
      yellow: Array(24).fill(0),
    };
    v.red[slot] += c.red;
    v.yellow[slot] += c.yellow;
    venues.set(c.venueId, v);
  }
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const list = [...venues.entries()]
    .filter(([, v]) => sum(v.red) + sum(v.yellow) > 0)
    .sort(([, a], [, b]) => sum(b.red) * 10 + sum(b.yellow) - (sum(a.red) * 10 + sum(a.yellow)));
  if (list.length === 0) return <p class="empty">{t('summary.gridEmpty')}</p>;
  const max = Math.max(1, ...list.flatMap(([, v]) => v.red.map((r, i) => r + (v.yellow[i] ?? 0))));
  const rows: HeatRow[] = list.map(([id, v]) => ({
    key: id,
    label: v.name,
    cells: hours.map((hour, i) => {
      const red = v.red[i] ?? 0;
      const yellow = v.yellow[i] ?? 0;
      return {
        level: heatLevel(red + yellow, max),
        tone: red > 0 ? ('red' as const) : ('yellow' as const),
        label: t('summary.cell', { venue: v.name, hour, red, yellow }),
      };
    }),
  }));
  return (
    <HeatGrid
      caption={t('summary.grid')}
      description={t('summary.gridDesc')}
      corner={t('summary.venue')}
      columns={hours.map(String)}
      every={3}
      rows={rows}
      names
    />
  );
}
