// The service worker from the page's side: register it, and offer a waiting new version instead of forcing it.
import { Workbox } from 'workbox-window';

/** A registered service worker. */
export interface ServiceWorkerControl {
  /** Activates the waiting version; the page reloads once it controls the page. */
  applyUpdate(): void;
}

/**
 * Registers `url`; `onUpdateReady` is called when a new version is installed and waiting. When another tab
 * activates it, this page reloads only once `busy()` is false: a decision on screen is never cut off.
 */
export function registerServiceWorker(
  url: string,
  onUpdateReady: () => void,
  busy: () => boolean = () => false,
): ServiceWorkerControl | null {
  if (!('serviceWorker' in navigator)) return null;
  const wb = new Workbox(url);
  // The new version waits until staff choose to update, so a scan in progress is never cut off by a reload.
  wb.addEventListener('waiting', onUpdateReady);
  wb.addEventListener('controlling', (event) => {
    if (!event.isUpdate) return;
    const reloadWhenIdle = () => (busy() ? setTimeout(reloadWhenIdle, 500) : window.location.reload());
    reloadWhenIdle();
  });
  // Without a worker the app still runs (online); the reason goes to the console for whoever debugs it.
  // immediate: the camera's <video> can hold back the window's load event indefinitely, and with it the worker.
  wb.register({ immediate: true }).catch((e: unknown) =>
    console.error('service worker registration failed', e),
  );
  return { applyUpdate: () => wb.messageSkipWaiting() };
}
