// Checks per hour of the day as stacked bars (admitted below, denied above), drawn in SVG.
import type { JSX } from 'preact';
import type { DayStats } from '../../store/day-stats.js';
import './HourlyChart.css';

/** The hourly chart of one day. */
export function HourlyChart(props: { hourly: DayStats['hourly']; label: string }): JSX.Element {
  const max = Math.max(1, ...props.hourly.map((h) => h.admitted + h.denied));
  const W = 24 * 12;
  const H = 80;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H + 14}`} role="img" aria-label={props.label} preserveAspectRatio="none">
        {props.hourly.map((h, i) => {
          const a = (h.admitted / max) * H;
          const d = (h.denied / max) * H;
          return (
            <g key={i}>
              <rect x={i * 12 + 1} y={H - a} width={10} height={a} class="chart__admit" />
              <rect x={i * 12 + 1} y={H - a - d} width={10} height={d} class="chart__deny" />
              {i % 6 === 0 && (
                <text x={i * 12 + 1} y={H + 12} class="chart__tick">
                  {i}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>{props.label}</figcaption>
    </figure>
  );
}
