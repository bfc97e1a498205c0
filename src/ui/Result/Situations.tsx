// What staff see that the code does not say, one tap each: offered only where the policy says it can change
// the decision (the model decides which); the decision on screen is then decided again.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Situation } from '../../core/policy/situations.js';
import type { DecisionEntry } from '../../core/log.js';
import type { Result } from '../../core/result.js';
import type { Translate } from '../i18n/index.js';
import './Situations.css';

const pad = (n: number) => String(n).padStart(2, '0');

/** HH:MM of an ISO time, in the device's time zone. */
export function clockOf(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The situations `offered`, each pressed when `entry` holds it; the test with the time it was sampled. */
export function Situations(props: {
  offered: readonly Situation[];
  entry: DecisionEntry;
  tr: Translate;
  onSituation(situation: 'mask' | 'emergency', present: boolean): void;
  onTest(clock: string | null): Promise<Result<void, 'bad-time'>>;
}): JSX.Element | null {
  const { tr, entry } = props;
  const [clock, setClock] = useState('');
  const [badTime, setBadTime] = useState(false);
  if (props.offered.length === 0) return null;
  const toggle = (s: 'mask' | 'emergency') => {
    const on = entry[s] === true;
    return (
      <button
        type="button"
        class={on ? 'situations__btn situations__btn--on' : 'situations__btn'}
        aria-pressed={on}
        onClick={() => props.onSituation(s, !on)}
      >
        {tr(s === 'mask' ? 'situation.mask' : 'situation.emergency')}
      </button>
    );
  };
  const shown = entry.paperTest;
  const test = async (e: Event) => {
    e.preventDefault();
    const r = await props.onTest(shown ? null : clock);
    setBadTime(!r.ok);
  };
  return (
    <fieldset class="result__panel situations">
      <legend>{tr('situation.title')}</legend>
      {props.offered.includes('mask') && toggle('mask')}
      {props.offered.includes('emergency') && toggle('emergency')}
      {props.offered.includes('test') && (
        <form class="situations__test" onSubmit={test}>
          {shown ? (
            <span>{tr('situation.testSet', { at: clockOf(shown.sampledAt) })}</span>
          ) : (
            <label>
              {tr('situation.testTime')}
              <input
                type="time"
                name="testAt"
                value={clock}
                aria-invalid={badTime}
                onInput={(e) => setClock(e.currentTarget.value)}
              />
            </label>
          )}
          <button
            type="submit"
            class={shown ? 'situations__btn situations__btn--on' : 'situations__btn'}
            aria-pressed={shown !== undefined}
          >
            {tr('situation.test')}
          </button>
          {badTime && (
            <p class="form-error" role="alert">
              {tr('situation.badTime')}
            </p>
          )}
        </form>
      )}
    </fieldset>
  );
}
