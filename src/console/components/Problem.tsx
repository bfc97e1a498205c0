// Why something failed, in the reader's language: one sentence per error code of the console API.
import type { JSX } from 'preact';
import type { ApiError } from '../api.js';
import type { ConsoleTranslate } from '../i18n/index.js';

/** The sentence for an error. */
export function problemText(error: ApiError, t: ConsoleTranslate): string {
  return t(`error.${error.code}`, { detail: error.message });
}

/** An error as an alert, with a retry button when given one; nothing when there is no error. */
export function Problem(props: {
  error: ApiError | null;
  t: ConsoleTranslate;
  onRetry?: () => void;
}): JSX.Element | null {
  const { error, t } = props;
  if (!error || error.code === 'aborted') return null;
  return (
    <p class="problem" role="alert">
      <span>{problemText(error, t)}</span>
      {props.onRetry && (
        <button type="button" class="button--quiet" onClick={props.onRetry}>
          {t('console.retry')}
        </button>
      )}
    </p>
  );
}
