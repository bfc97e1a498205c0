// A labelled drop-down over a fixed list of choices: the one select of Settings and manual entry.
import type { JSX } from 'preact';

/** One choice of a select: the value it stands for and what it says. */
export interface SelectOption<T extends string> {
  value: T;
  label: string;
}

/** A select with its label, reporting the value of the option chosen. */
export function Select<T extends string>(props: {
  name: string;
  label: string;
  value: T;
  options: readonly SelectOption<T>[];
  onChange(value: T): void;
  /** Shown but not changeable (a setting locked behind the supervisor PIN). */
  disabled?: boolean;
}): JSX.Element {
  // The chosen option is looked up, so the value handed on is one of `options`, typed as such.
  const choose = (value: string) => {
    const option = props.options.find((o) => o.value === value);
    if (option) props.onChange(option.value);
  };
  return (
    <label>
      {props.label}
      <select
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => choose(e.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
