// The placeholder for what needs the decision models while it loads beside the shell (see main.tsx).
import type { JSX } from 'preact';
import type { Translate } from '../i18n/index.js';
import './ModelsLoading.css';

/** What a screen that needs the models shows until it has loaded, or why it could not (`failed`). */
export function ModelsLoading(props: { failed: string | null; tr: Translate }): JSX.Element {
  const { failed, tr } = props;
  return failed ? (
    <p class="screen__loading screen__loading--failed" role="alert">
      {tr('app.loadFailed', { detail: failed })}
    </p>
  ) : (
    <p class="screen__loading">{tr('app.loading')}</p>
  );
}
