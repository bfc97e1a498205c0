// The last two weeks at a glance: one row per day, one square per hour shaded by the checks in it, a red dot
// where there was a report.
import type { JSX } from 'preact';
import type { Language } from '../../store/settings.js';
import { HeatGrid, heatLevel, type HeatRow } from '../components/HeatGrid.js';
import { shortDay } from '../format.js';
import type { ConsoleTranslate } from '../i18n/index.js';
import type { DayHours } from '../models/stats.js';

/** The days × hours grid. */
export function DaysGrid(props: {
  days: readonly DayHours[];
  language: Language;
  t: ConsoleTranslate;
}): JSX.Element {
  const { t, language } = props;
  const checks = (h: { admits: number; denies: number }) => h.admits + h.denies;
  const max = Math.max(1, ...props.days.flatMap((d) => d.hours.map(checks)));
  const rows: HeatRow[] = props.days.map((d) => {
    const label = shortDay(d.day, language);
    return {
      key: d.day,
      label,
      cells: d.hours.map((h, hour) => ({
        level: heatLevel(checks(h), max),
        tone: 'checks' as const,
        dot: h.reports > 0,
        label: t('venue.cell', { day: label, hour, checks: checks(h), reports: h.reports }),
      })),
    };
  });
  return (
    <HeatGrid
      caption={t('venue.days')}
      description={t('venue.gridDesc')}
      corner={t('venue.day')}
      columns={Array.from({ length: 24 }, (_, h) => String(h))}
      every={6}
      rows={rows}
    />
  );
}
