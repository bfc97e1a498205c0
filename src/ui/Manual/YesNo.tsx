// One declaration question answered yes or no; neither is chosen until staff choose (unanswered is not "no").
import type { JSX } from 'preact';

/** A question as a group of two radios, named by the question; `value` undefined while unanswered. */
export function YesNo(props: {
  name: string;
  question: string;
  value: boolean | undefined;
  yes: string;
  no: string;
  onChange(answer: boolean): void;
}): JSX.Element {
  return (
    <fieldset class="yesno">
      <legend>{props.question}</legend>
      {([true, false] as const).map((answer) => (
        <label key={String(answer)} class="choice">
          <input
            type="radio"
            name={props.name}
            value={answer ? 'yes' : 'no'}
            checked={props.value === answer}
            onChange={() => props.onChange(answer)}
          />
          {answer ? props.yes : props.no}
        </label>
      ))}
    </fieldset>
  );
}
