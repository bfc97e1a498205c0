// Loads a screen's code only when it is first opened, keeping the start-up shell small.
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A component whose module is imported on first render. */
export function lazyScreen(load: () => Promise<ComponentType>): () => JSX.Element | null {
  let loaded: ComponentType | null = null;
  return function LazyScreen() {
    const [Component, setComponent] = useState<ComponentType | null>(() => loaded);
    useEffect(() => {
      if (Component) return;
      let live = true;
      void load().then((c) => {
        loaded = c;
        if (live) setComponent(() => c);
      });
      return () => {
        live = false;
      };
    }, [Component]);
    return Component ? <Component /> : null;
  };
}
