// The few icons the app draws, inline SVG so they need no font or request.
import type { JSX } from 'preact';

const PATHS = {
  admit: 'M20 6 9 17l-5-5',
  deny: 'M18 6 6 18M6 6l12 12',
  warn: 'M12 3 2 21h20L12 3zm0 6v6m0 3v.5',
  scan: 'M4 8V4h4M16 4h4v4M20 16v4h-4M8 20H4v-4M7 12h10',
  manual: 'M4 20h4l10-10-4-4L4 16v4zM13 7l4 4',
  log: 'M5 4h14v16H5zM8 8h8M8 12h8M8 16h5',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .3-1.3-1.3.3-2-3-1-1 2h-2l-1-2-3 1 .3 2L7 7.3 5 7 4 10l2 1v2l-2 1 1 3 2-.3 1.3 1.3-.3 2 3 1 1-2h2l1 2 3-1-.3-2 1.3-1.3 2 .3 1-3-2-1z',
  torch: 'M9 2h6v4l-2 4v12h-2V10L9 6z',
  // A cross in a circle: admitted for care, taken to the designated place.
  escort: 'M12 7v10M7 12h10M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20z',
  thermometer: 'M14 14.8V4a2 2 0 1 0-4 0v10.8a4 4 0 1 0 4 0zM12 9v7',
} as const;

/** An icon name. */
export type IconName = keyof typeof PATHS;

/** One stroked icon at `size` pixels; decorative unless given a label. */
export function Icon(props: { name: IconName; size?: number; label?: string; class?: string }): JSX.Element {
  const size = props.size ?? 24;
  return (
    <svg
      class={props.class}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width={props.name === 'admit' || props.name === 'deny' || props.name === 'escort' ? 3 : 2}
      stroke-linecap="round"
      stroke-linejoin="round"
      role={props.label ? 'img' : undefined}
      aria-label={props.label}
      aria-hidden={props.label ? undefined : 'true'}
    >
      <path d={PATHS[props.name]} />
    </svg>
  );
}
