// @vitest-environment happy-dom
// The camera runs only while the page is visible: stopped when hidden, started again when shown.
import { afterEach, describe, expect, it } from 'vitest';
import { pauseWhenHidden } from '../../src/scanner/visibility.js';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A `start` that counts starts and stops; `gate` (if given) delays each start until released. */
function counter() {
  const c = { started: 0, stopped: 0, signals: [] as AbortSignal[] };
  const start = (signal: AbortSignal) => {
    c.signals.push(signal);
    c.started++;
    return Promise.resolve({ stop: () => void c.stopped++ });
  };
  return { c, start };
}

afterEach(() => setVisibility('visible'));

describe('pauseWhenHidden', () => {
  it('starts at once on a visible page, stops when hidden, starts again when shown', async () => {
    setVisibility('visible');
    const { c, start } = counter();
    const h = pauseWhenHidden(start);
    await flush();
    expect(c).toMatchObject({ started: 1, stopped: 0 });
    setVisibility('hidden');
    expect(c).toMatchObject({ started: 1, stopped: 1 });
    setVisibility('visible');
    await flush();
    expect(c).toMatchObject({ started: 2, stopped: 1 });
    h.stop();
    expect(c).toMatchObject({ started: 2, stopped: 2 });
  });

  it('waits for the page to be shown when it starts hidden', async () => {
    setVisibility('hidden');
    const { c, start } = counter();
    pauseWhenHidden(start);
    await flush();
    expect(c.started).toBe(0);
    setVisibility('visible');
    await flush();
    expect(c.started).toBe(1);
  });

  it('stops what was starting when the page is hidden meanwhile, and aborts its signal', async () => {
    setVisibility('visible');
    let release: () => void = () => undefined;
    let stopped = 0;
    let signal: AbortSignal | null = null;
    pauseWhenHidden((s) => {
      signal = s;
      return new Promise((r) => (release = () => r({ stop: () => void stopped++ })));
    });
    setVisibility('hidden');
    expect(signal!.aborted).toBe(true);
    release();
    await flush();
    expect(stopped).toBe(1);
  });

  it('does nothing more once its signal aborts', async () => {
    setVisibility('visible');
    const ctl = new AbortController();
    const { c, start } = counter();
    pauseWhenHidden(start, { signal: ctl.signal });
    await flush();
    ctl.abort();
    expect(c.stopped).toBe(1);
    setVisibility('hidden');
    setVisibility('visible');
    await flush();
    expect(c.started).toBe(1);
  });

  it('tries again on the next showing when start could not start (returned null)', async () => {
    setVisibility('visible');
    let calls = 0;
    pauseWhenHidden(() => {
      calls++;
      return Promise.resolve(null);
    });
    await flush();
    setVisibility('hidden');
    setVisibility('visible');
    await flush();
    expect(calls).toBe(2);
  });
});
