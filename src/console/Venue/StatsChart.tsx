// Today's checks per hour as stacked bars (admitted below, denied above), with reports, overrides and manual
// entries as marks in three lanes beneath, drawn in inline SVG. Screen readers get a title, a description and a
// table of every number.
import type { JSX } from 'preact';
import { useId } from 'preact/hooks';
import type { StatsHour } from '../../core/console-wire.js';
import { METRICS, type Metric } from '../models/stats.js';
import './StatsChart.css';

const W = 320;
const LEFT = 26;
const TOP = 10;
const BARS = 100;
const SLOT = (W - LEFT - 4) / 24;
const LANES: readonly Metric[] = ['reports', 'overrides', 'manual'];
const LANE_Y = TOP + BARS + 26;
const LANE_H = 14;
const H = LANE_Y + LANES.length * LANE_H;

function mark(metric: Metric, x: number, y: number, n: number): JSX.Element {
  const r = Math.min(5.5, 2 + Math.sqrt(n));
  if (metric === 'overrides')
    return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} transform={`rotate(45 ${x} ${y})`} />;
  if (metric === 'manual') return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} />;
  return <circle cx={x} cy={y} r={r} />;
}

/** The chart of one day's 24 hours; `nowHour` (0–23, or null for a past day) is marked. */
export function StatsChart(props: {
  hours: readonly StatsHour[];
  title: string;
  description: string;
  hourLabel: string;
  metricLabel: (m: Metric) => string;
  nowHour: number | null;
}): JSX.Element {
  const id = useId();
  const max = Math.max(4, ...props.hours.map((h) => h.admits + h.denies));
  const y = (n: number) => (n / max) * BARS;
  return (
    <figure class="stats-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} class="stats-chart__svg">
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.description}</desc>
        {[max, Math.round(max / 2)].map((v) => (
          <g key={v} class="stats-chart__grid">
            <line x1={LEFT} x2={W} y1={TOP + BARS - y(v)} y2={TOP + BARS - y(v)} />
            <text x={LEFT - 4} y={TOP + BARS - y(v) + 4} text-anchor="end">
              {v}
            </text>
          </g>
        ))}
        <line class="stats-chart__axis" x1={LEFT} x2={W} y1={TOP + BARS} y2={TOP + BARS} />
        {props.nowHour !== null && (
          <rect
            class="stats-chart__now"
            x={LEFT + props.nowHour * SLOT}
            y={TOP - 6}
            width={SLOT}
            height={H - TOP}
            rx={3}
          />
        )}
        {LANES.map((m, l) => (
          <g key={m} class={`stats-chart__lane stats-chart__${m}`}>
            <line x1={LEFT} x2={W} y1={LANE_Y + l * LANE_H} y2={LANE_Y + l * LANE_H} />
            {mark(m, LEFT - 12, LANE_Y + l * LANE_H, 1)}
          </g>
        ))}
        {props.hours.map((h, i) => {
          const x = LEFT + i * SLOT + 2;
          const a = y(h.admits);
          const d = y(h.denies);
          return (
            <g key={i}>
              <title>{`${i}:00 — ${METRICS.map((m) => `${props.metricLabel(m)} ${h[m]}`).join(', ')}`}</title>
              <rect class="stats-chart__admits" x={x} y={TOP + BARS - a} width={SLOT - 4} height={a} />
              <rect class="stats-chart__denies" x={x} y={TOP + BARS - a - d} width={SLOT - 4} height={d} />
              {i % 3 === 0 && (
                <text
                  class="stats-chart__tick"
                  x={x + (SLOT - 4) / 2}
                  y={TOP + BARS + 13}
                  text-anchor="middle"
                >
                  {i}
                </text>
              )}
              {LANES.map((m, l) =>
                h[m] > 0 ? (
                  <g key={m} class={`stats-chart__${m}`}>
                    {mark(m, x + (SLOT - 4) / 2, LANE_Y + l * LANE_H, h[m])}
                  </g>
                ) : null,
              )}
            </g>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.hourLabel}</th>
            {METRICS.map((m) => (
              <th scope="col" key={m}>
                {props.metricLabel(m)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.hours.map((h, i) => (
            <tr key={i}>
              <th scope="row">{`${i}:00`}</th>
              {METRICS.map((m) => (
                <td key={m}>{h[m]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
