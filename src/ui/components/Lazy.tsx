// Loads a screen's code only when it is first opened, keeping the start-up shell small.
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useShell } from '../context.js';

/** A component whose module is imported on first render; if the import fails, it says so and offers a reload. */
export function lazyScreen(load: () => Promise<ComponentType>): () => JSX.Element | null {
  let loaded: ComponentType | null = null;
  return function LazyScreen() {
    const { t } = useShell();
    const [Component, setComponent] = useState<ComponentType | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      let live = true;
      load().then(
        (c) => {
          loaded = c;
          if (live) setComponent(() => c);
        },
        // Offline before the service worker has the app's files (the first minutes after enrolment): a blank
        // screen would look like a broken app.
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, [Component]);
    if (Component) return <Component />;
    if (!failed) return null;
    return (
      <p class="notice notice--warn" role="alert" data-screen-failed>
        {t.value('app.screenFailed')}{' '}
        {/* A failed module import stays failed in this page; a reload asks again (from the worker's cache
            once it holds the app). */}
        <button type="button" class="button" onClick={() => location.reload()}>
          {t.value('app.reload')}
        </button>
      </p>
    );
  };
}
