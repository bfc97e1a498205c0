// Closing a report: what came of it (1 to 200 characters), then close or cancel.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ConsoleTranslate } from '../i18n/index.js';

/** The longest outcome the server takes. */
export const OUTCOME_MAX = 200;

/** The outcome field and its two buttons. */
export function CloseForm(props: {
  t: ConsoleTranslate;
  busy: boolean;
  onClose(outcome: string): void;
  onCancel(): void;
}): JSX.Element {
  const { t } = props;
  const [outcome, setOutcome] = useState('');
  const text = outcome.trim();
  return (
    <form
      class="close-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (text) props.onClose(text);
      }}
    >
      <label>
        {t('reports.outcome')}
        <textarea
          name="outcome"
          required
          maxLength={OUTCOME_MAX}
          rows={2}
          value={outcome}
          onInput={(e) => setOutcome(e.currentTarget.value)}
        />
      </label>
      <p class="form-note">{t('reports.outcomeHint')}</p>
      <div class="report__actions">
        <button type="submit" class="button--primary" disabled={props.busy || !text}>
          {t('reports.closeConfirm')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('reports.cancel')}
        </button>
      </div>
    </form>
  );
}
