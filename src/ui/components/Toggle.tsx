// A labelled checkbox: the one switch of Settings and manual entry.
import type { JSX } from 'preact';

/** A checkbox with its label, reporting whether it is now on. */
export function Toggle(props: {
  name: string;
  label: string;
  checked: boolean;
  onChange(on: boolean): void;
  /** Shown but not changeable (a setting locked behind the supervisor PIN). */
  disabled?: boolean;
}): JSX.Element {
  return (
    <label class="check">
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}
