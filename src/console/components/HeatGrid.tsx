// A heat grid as a real table: one row per day or venue, one cell per hour, shaded by how much happened; a cell
// may carry a dot (e.g. an hour with a report). Each cell says its number to screen readers and on hover.
import type { JSX } from 'preact';
import './HeatGrid.css';

/** How dark a cell is: 0 (nothing) to 4 (the most of the grid). */
export type HeatLevel = 0 | 1 | 2 | 3 | 4;

/** One cell: its shade and tone, whether it carries a dot, and what it says. */
export interface HeatCell {
  level: HeatLevel;
  tone: 'checks' | 'red' | 'yellow';
  dot?: boolean;
  label: string;
}

/** One row: its header and its cells (one per column). */
export interface HeatRow {
  key: string;
  label: string;
  cells: HeatCell[];
}

/** The level of `value` on a scale whose darkest is `max`. */
export function heatLevel(value: number, max: number): HeatLevel {
  if (value <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((value / max) * 4))) as HeatLevel;
}

/** The grid; `columns` are the column headers, shown every `every` columns and read out for all. */
export function HeatGrid(props: {
  caption: string;
  description: string;
  corner: string;
  columns: readonly string[];
  every?: number;
  rows: readonly HeatRow[];
  /** Row headers are names (venues), given more room than dates. */
  names?: boolean;
}): JSX.Element {
  const every = props.every ?? 3;
  return (
    <figure class={props.names ? 'heat heat--names' : 'heat'}>
      <table class="heat__table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="heat__corner">
              <span class="visually-hidden">{props.corner}</span>
            </th>
            {props.columns.map((c, i) => (
              <th scope="col" key={i} class="heat__col">
                {i % every === 0 ? c : <span class="visually-hidden">{c}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" class="heat__row" title={r.label}>
                {r.label}
              </th>
              {r.cells.map((c, i) => (
                <td
                  key={i}
                  class={`heat__cell heat__cell--${c.tone}${c.level}${c.dot ? ' heat__cell--dot' : ''}`}
                  title={c.label}
                >
                  <span class="visually-hidden">{c.label}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>{props.description}</figcaption>
    </figure>
  );
}
