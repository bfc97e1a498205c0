// A labelled input: the text, number and PIN fields of manual entry, Settings and the override dialog.
import type { ComponentChildren, InputHTMLAttributes, JSX } from 'preact';

/** The input's own attributes, its label, and what follows the input inside the label (e.g. an error). */
export type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'label'> & {
  label: ComponentChildren;
  children?: ComponentChildren;
};

/** An input inside its label (the label's text first, then the input). */
export function Field({ label, children, ...input }: FieldProps): JSX.Element {
  return (
    <label>
      {label}
      <input {...input} />
      {children}
    </label>
  );
}
