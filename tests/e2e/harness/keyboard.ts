// Typing like a scanner gun (or a person) with exact key timing, whatever the load on the test machine.
import type { Page } from 'playwright-core';

/** Options for `typeWithTiming`. */
export interface TypingOptions {
  /** Milliseconds between keydowns as the page sees them in `event.timeStamp` (default 5, a USB gun). */
  gapMs?: number;
  /** Press Enter after the text, `gapMs` after the last key (default true, as guns do). */
  enter?: boolean;
  /** Holds the key at index `at` back by `ms` instead of `gapMs` (a busy phone stalling the gun's keys). */
  stall?: { at: number; ms: number };
}

/**
 * Types `text` into the focused page through Chromium's input pipeline (CDP Input.dispatchKeyEvent) with
 * each event stamped `gapMs` after the previous one. Playwright's keyboard.type stamps events when they
 * arrive, so on a busy machine its gaps vary from 1 to 100 ms and timing-based code sees noise; here the
 * page sees exactly the gaps asked for. Keys must be single printable characters (Base45 is).
 */
export async function typeWithTiming(page: Page, text: string, opts: TypingOptions = {}): Promise<void> {
  const gap = (opts.gapMs ?? 5) / 1000;
  const cdp = await page.context().newCDPSession(page);
  try {
    let t = Date.now() / 1000;
    for (const [i, ch] of [...text].entries()) {
      if (opts.stall?.at === i) t += (opts.stall.ms - (opts.gapMs ?? 5)) / 1000;
      await cdp.send('Input.dispatchKeyEvent', {
        type: 'keyDown',
        key: ch,
        text: ch,
        unmodifiedText: ch,
        timestamp: t,
      });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: t + gap / 2 });
      t += gap;
    }
    if (opts.enter !== false) {
      const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...enter, text: '\r', timestamp: t });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter, timestamp: t + gap / 2 });
    }
  } finally {
    await cdp.detach();
  }
}
