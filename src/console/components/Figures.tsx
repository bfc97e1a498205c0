// A row of big numbers with their labels (today's totals, the authority's trust figures); each may carry a
// swatch that ties it to a chart's colour.
import type { JSX } from 'preact';
import './tiles.css';
import './Figures.css';

/** One figure: its label, its value, and the chart mark it stands for (a class suffix), if any. */
export interface Figure {
  key: string;
  label: string;
  value: number | string;
  mark?: string;
  /** Draws the figure as a warning (e.g. devices offline too long). */
  warn?: boolean;
}

/** The figures as a list of tiles. */
export function Figures(props: { figures: readonly Figure[]; label: string }): JSX.Element {
  return (
    <ul class="tiles figures" aria-label={props.label}>
      {props.figures.map((f) => (
        <li key={f.key} class={f.warn ? 'tile figure figure--warn' : 'tile figure'} data-figure={f.key}>
          <strong>{f.value}</strong>
          <span>
            {f.mark && <i class={`swatch swatch--${f.mark}`} aria-hidden="true" />}
            {f.label}
          </span>
        </li>
      ))}
    </ul>
  );
}
