// Running something (the camera and scan loop) only while the page is visible.

/** Something that can be stopped, e.g. a camera plus its scan loop. */
export interface Stoppable {
  stop(): void;
}

/** Options for `pauseWhenHidden`. */
export interface PauseOptions {
  /** Stops for good. */
  signal?: AbortSignal;
  /** The document to watch (default the global one). */
  doc?: Document;
}

/**
 * Calls `start` now if the page is visible and again each time it becomes visible; stops what `start`
 * returned whenever the page is hidden. A phone in a pocket must not keep the camera (and its light,
 * and the battery) on. `start` gets a signal that aborts if the page is hidden before it finishes, and
 * may return null when it could not start (it reports that itself).
 */
export function pauseWhenHidden(
  start: (signal: AbortSignal) => Promise<Stoppable | null>,
  opts: PauseOptions = {},
): Stoppable {
  const doc = opts.doc ?? document;
  let running: { ctl: AbortController; handle: Stoppable | null } | null = null;
  let stopped = false;

  const halt = () => {
    if (!running) return;
    running.ctl.abort();
    running.handle?.stop();
    running = null;
  };
  const launch = () => {
    if (running || stopped) return;
    const current: { ctl: AbortController; handle: Stoppable | null } = {
      ctl: new AbortController(),
      handle: null,
    };
    running = current;
    start(current.ctl.signal).then(
      (handle) => {
        // Hidden (or stopped) while starting: whatever started must stop at once.
        if (current.ctl.signal.aborted) handle?.stop();
        else current.handle = handle;
      },
      () => {
        if (running === current) running = null;
      },
    );
  };
  const onVisibility = () => (doc.visibilityState === 'hidden' ? halt() : launch());
  const stop = () => {
    if (stopped) return;
    stopped = true;
    doc.removeEventListener('visibilitychange', onVisibility);
    opts.signal?.removeEventListener('abort', stop);
    halt();
  };

  if (opts.signal?.aborted) {
    stopped = true;
    return { stop };
  }
  opts.signal?.addEventListener('abort', stop, { once: true });
  doc.addEventListener('visibilitychange', onVisibility);
  if (doc.visibilityState !== 'hidden') launch();
  return { stop };
}
