// The supervisor override: PIN and a reason, then admit or deny; the model logs it as an override.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Verdict } from '../../core/policy/vocabulary.js';
import type { OverrideError } from '../../models/checkpoint.js';
import type { MessageKey } from '../i18n/index.js';
import { useApp } from '../context.js';

const ERRORS: Record<OverrideError, MessageKey> = {
  'no-pin-set': 'override.noPin',
  'bad-pin': 'override.badPin',
  'no-reason': 'override.needReason',
  'nothing-to-override': 'override.cancel',
};

/** The override form over the decision screen. */
export function OverrideDialog(props: { onClose(): void }): JSX.Element {
  const { checkpoint, t } = useApp();
  const tr = t.value;
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<OverrideError | null>(null);
  const submit = async (decision: Verdict) => {
    const r = await checkpoint.override(decision, reason, pin);
    if (r.ok) props.onClose();
    else setError(r.error);
  };
  return (
    <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="override-title">
      <form class="dialog__box" onSubmit={(e) => e.preventDefault()}>
        <h2 id="override-title">{tr('override.title')}</h2>
        <label>
          {tr('override.pin')}
          <input
            name="pin"
            type="password"
            inputMode="numeric"
            autocomplete="off"
            value={pin}
            onInput={(e) => setPin(e.currentTarget.value)}
          />
        </label>
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
