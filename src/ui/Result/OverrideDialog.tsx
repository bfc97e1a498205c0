// The supervisor override: PIN and a reason, then admit or deny; the model logs it as an override.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Verdict } from '../../core/policy/vocabulary.js';
import type { CheckpointModel, OverrideError } from '../../models/checkpoint.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { PinField } from '../components/PinField.js';
import './OverrideDialog.css';

const ERRORS: Record<OverrideError, MessageKey> = {
  'no-pin-set': 'override.noPin',
  'bad-pin': 'override.badPin',
  'no-reason': 'override.needReason',
  'nothing-to-override': 'override.cancel',
  'clock-behind': 'clock.behindShort',
};

/** The override form over the decision screen: `onOverride` logs it (or says why not), `onClose` leaves. */
export function OverrideDialog(props: {
  tr: Translate;
  onOverride: CheckpointModel['override'];
  onClose(): void;
}): JSX.Element {
  const { tr } = props;
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<OverrideError | null>(null);
  const submit = async (decision: Verdict) => {
    const r = await props.onOverride(decision, reason, pin);
    if (r.ok) props.onClose();
    else setError(r.error);
  };
  return (
    <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="override-title">
      <form class="dialog__box" onSubmit={(e) => e.preventDefault()}>
        <h2 id="override-title">{tr('override.title')}</h2>
        <PinField label={tr('override.pin')} autocomplete="off" value={pin} onInput={setPin} />
        <label>
          {tr('override.reason')}
          <input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {tr(ERRORS[error])}
          </p>
        )}
        <div class="dialog__buttons">
          <button type="button" class="button button--admit" onClick={() => void submit('admit')}>
            {tr('override.admit')}
          </button>
          <button type="button" class="button button--deny" onClick={() => void submit('deny')}>
            {tr('override.deny')}
          </button>
          <button type="button" class="button button--quiet" onClick={props.onClose}>
            {tr('override.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
