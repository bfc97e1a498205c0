// Loads a screen's code only when it is first opened, keeping the start-up shell small.
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useShell } from '../context.js';

/** A screen loaded on demand, and how to load it ahead of its first opening. */
export interface LazyScreen {
  (): JSX.Element | null;
  /** Imports the screen's module now (its script and sheet), so the first opening renders it at once. */
  preload(): Promise<void>;
}

/** A component whose module is imported on first render; if the import fails, it says so and offers a reload. */
export function lazyScreen(load: () => Promise<ComponentType>): LazyScreen {
  let loaded: ComponentType | null = null;
  const loadAndKeep = () => load().then((c) => (loaded = c));
  // Not loaded ahead when it fails: the first opening tries again, and says so if it fails then.
  const preload = (): Promise<void> =>
    loaded
      ? Promise.resolve()
      : loadAndKeep().then(
          () => undefined,
          () => undefined,
        );
  return Object.assign(
    function LazyScreen() {
      const { t } = useShell();
      const [Component, setComponent] = useState<ComponentType | null>(() => loaded);
      const [failed, setFailed] = useState(false);
      useEffect(() => {
        if (Component) return;
        let live = true;
        loadAndKeep().then(
          (c) => live && setComponent(() => c),
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
    },
    { preload },
  );
}
