// The placeholder for what needs the decision models while it loads beside the shell (see main.tsx).
import type { JSX } from 'preact';
import { useShell } from '../context.js';

/** What a screen that needs the models shows until it has loaded, or why it could not. */
export function ModelsLoading(): JSX.Element {
  const { t, modelsFailed } = useShell();
  const failed = modelsFailed.value;
  return failed ? (
    <p class="screen__loading screen__loading--failed" role="alert">
      {t.value('app.loadFailed', { detail: failed })}
    </p>
  ) : (
    <p class="screen__loading">{t.value('app.loading')}</p>
  );
}
