// The supervisor PIN field, the same in Settings (setting it) and the override dialog (giving it).
import type { ComponentChildren, JSX } from 'preact';
import { Field } from './Field.js';

/** A labelled numeric password input named `pin` (or `name`). */
export function PinField(props: {
  label: ComponentChildren;
  /** The input's name; `pin` unless a form has two PIN fields. */
  name?: string;
  value: string;
  /** `new-password` where a PIN is set, `off` where one is given. */
  autocomplete: 'off' | 'new-password';
  onInput(value: string): void;
}): JSX.Element {
  return (
    <Field
      label={props.label}
      name={props.name ?? 'pin'}
      type="password"
      inputMode="numeric"
      autocomplete={props.autocomplete}
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value)}
    />
  );
}
