// When the app's start has settled: what the first decision does not need (sync, the service worker's page side)
// starts after it, so that on a slow phone it does not stand between opening the app and the first decision.
import type { ReadonlySignal } from '@preact/signals';

/** What tells that the start is over: a decision shown, or the person leaving the scan screen. */
export interface StartSignals {
  decision: ReadonlySignal<unknown>;
  screen: ReadonlySignal<string>;
}

/** Options for `afterStart`. */
export interface SettleOptions {
  /** At the latest this long after the call, when no decision has come. */
  latestMs?: number;
  /** How long to wait for an idle moment once it has settled. */
  idleMs?: number;
}

/**
 * Resolves once the first decision has been shown, the screen is not the scan screen any more, or `latestMs` has
 * passed; then at an idle moment.
 */
export function afterStart(signals: StartSignals, opts: SettleOptions = {}): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const stops: (() => void)[] = [];
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Unsubscribed after the subscribing call has returned: subscribe calls back at once with the value now.
      queueMicrotask(() => stops.forEach((stop) => stop()));
      if (typeof requestIdleCallback === 'function')
        requestIdleCallback(() => resolve(), { timeout: opts.idleMs ?? 1000 });
      else setTimeout(resolve, 0);
    };
    const timer = setTimeout(settle, opts.latestMs ?? 3000);
    stops.push(signals.decision.subscribe((d) => d != null && settle()));
    stops.push(signals.screen.subscribe((s) => s !== 'scan' && settle()));
  });
}
