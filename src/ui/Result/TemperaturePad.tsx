// Big buttons for the common temperatures, and a field for any other reading.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Translate } from '../i18n/index.js';
import './TemperaturePad.css';

const COMMON = [36.2, 36.5, 36.8, 37.0, 37.3, 38.0];

/** Picks a temperature in °C. */
export function TemperaturePad(props: {
  current: number | null;
  onPick(celsius: number): void;
  tr: Translate;
}): JSX.Element {
  const { tr } = props;
  const [other, setOther] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    const value = Number(other.replace(',', '.'));
    if (Number.isFinite(value) && value >= 30 && value <= 45) props.onPick(Math.round(value * 10) / 10);
  };
  return (
    <fieldset class="result__panel temps">
      <legend>{tr('decision.temperature')}</legend>
      <div class="temps__grid">
        {COMMON.map((c) => (
          <button
            type="button"
            key={c}
            class={props.current === c ? 'temps__btn temps__btn--on' : 'temps__btn'}
            aria-pressed={props.current === c}
            onClick={() => props.onPick(c)}
          >
            {c.toFixed(1)}
          </button>
        ))}
      </div>
      <form class="temps__other" onSubmit={submit}>
        <input
          inputMode="decimal"
          aria-label={tr('decision.temperatureOther')}
          placeholder={tr('decision.temperatureOther')}
          value={other}
          onInput={(e) => setOther(e.currentTarget.value)}
        />
        <button type="submit">OK</button>
      </form>
    </fieldset>
  );
}
