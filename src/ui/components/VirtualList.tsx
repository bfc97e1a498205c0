// A windowed list: only the rows in view (plus a few) are in the DOM, so ten thousand records scroll smoothly.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './VirtualList.css';

const OVERSCAN = 6;

/** Renders rows [start, end) of `count`, each `rowHeight` px, in a scrolling box of `height` px. */
export function VirtualList(props: {
  count: number;
  rowHeight: number;
  height: number;
  renderRow(index: number): JSX.Element;
  /** Called with the rows in view, so the caller can load them. */
  onRange?(start: number, end: number): void;
  label?: string;
}): JSX.Element {
  const [top, setTop] = useState(0);
  const start = Math.max(0, Math.floor(top / props.rowHeight) - OVERSCAN);
  const end = Math.min(props.count, Math.ceil((top + props.height) / props.rowHeight) + OVERSCAN);
  useEffect(() => props.onRange?.(start, end), [start, end, props.count]);
  const rows: JSX.Element[] = [];
  for (let i = start; i < end; i++)
    rows.push(
      <div
        role="listitem"
        key={i}
        class="vlist__row"
        style={{ top: `${i * props.rowHeight}px`, height: `${props.rowHeight}px` }}
      >
        {props.renderRow(i)}
      </div>,
    );
  return (
    <div
      class="vlist"
      role="list"
      aria-label={props.label}
      style={{ height: `${props.height}px` }}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
    >
      <div class="vlist__space" style={{ height: `${props.count * props.rowHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
