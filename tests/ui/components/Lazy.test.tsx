// @vitest-environment happy-dom
// A screen whose code loads on demand (src/ui/components/Lazy.tsx): on its first opening, or ahead of it once the
// app's start has settled, so that the log opened mid-shift paints at once.
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'preact/test-utils';
import { render } from 'preact';
import { lazyScreen } from '../../../src/ui/components/Lazy.js';
import { ShellContext } from '../../../src/ui/context.js';
import { rig } from '../services.js';
import { settle } from '../render.js';

afterEach(() => {
  document.body.innerHTML = '';
});

/** A module load the test settles, and how often it was asked for. */
function loader() {
  const asked = { times: 0 };
  let settleLoad: (ok: boolean) => void = () => undefined;
  const load = () => {
    asked.times++;
    return new Promise<() => preact.JSX.Element>((resolve, reject) => {
      settleLoad = (ok) =>
        ok ? resolve(() => <p class="loaded">the screen</p>) : reject(new Error('offline'));
    });
  };
  return { load, asked, settle: (ok: boolean) => act(() => settleLoad(ok)) };
}

/** Renders `Screen` in the app's shell context; resolves with what the very first render committed. */
async function open(Screen: () => preact.JSX.Element | null): Promise<{ root: HTMLElement; first: string }> {
  const { services } = await rig();
  document.body.innerHTML = '<div id="app"></div>';
  const root = document.getElementById('app') as HTMLElement;
  // Not inside act(): what the first render committed, before any effect or import has run.
  render(
    <ShellContext.Provider value={services}>
      <Screen />
    </ShellContext.Provider>,
    root,
  );
  return { root, first: root.innerHTML };
}

describe('lazyScreen', () => {
  it('renders nothing on its first opening until its module has loaded, then the screen', async () => {
    const l = loader();
    const Screen = lazyScreen(l.load);
    const { root, first } = await open(Screen);
    expect(first).toBe('');
    await settle();
    await l.settle(true);
    await settle();
    expect(root.querySelector('.loaded')?.textContent).toBe('the screen');
  });

  it('preloaded, renders the screen on the first render of its first opening, without loading again', async () => {
    const l = loader();
    const Screen = lazyScreen(l.load);
    const preloaded = Screen.preload();
    await l.settle(true);
    await preloaded;
    const { first } = await open(Screen);
    expect(first).toBe('<p class="loaded">the screen</p>');
    expect(l.asked.times).toBe(1);
  });

  it('a preload that fails leaves the first opening to load it again, and to say so if that fails too', async () => {
    const l = loader();
    const Screen = lazyScreen(l.load);
    const preloaded = Screen.preload();
    await l.settle(false);
    await expect(preloaded).resolves.toBeUndefined();
    const { root } = await open(Screen);
    await settle();
    expect(l.asked.times).toBe(2);
    await l.settle(false);
    await settle();
    expect(root.querySelector('[data-screen-failed]')).not.toBeNull();
  });
});
