// When the start has settled: after the first decision, on leaving the scan screen, or at the latest after a while.
import { signal, type Signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterStart } from '../../../src/ui/platform/settle.js';

afterEach(() => vi.useRealTimers());

type Signals = { decision: Signal<unknown>; screen: Signal<string> };

/** Whether `p` has settled after the timers and microtasks due so far. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('afterStart', () => {
  it.each([
    ['a decision is shown', (s: Signals) => (s.decision.value = { serial: 1 })],
    ['the scan screen is left', (s: Signals) => (s.screen.value = 'log')],
  ])('settles as soon as %s', async (_, act) => {
    vi.useFakeTimers();
    const signals: Signals = { decision: signal<unknown>(null), screen: signal('scan') };
    const p = afterStart(signals, { latestMs: 60_000, idleMs: 0 });
    expect(await settled(p)).toBe(false);
    act(signals);
    expect(await settled(p)).toBe(true);
  });

  it('settles at the latest after latestMs, with no decision', async () => {
    vi.useFakeTimers();
    const p = afterStart({ decision: signal(null), screen: signal('scan') }, { latestMs: 3000, idleMs: 0 });
    await vi.advanceTimersByTimeAsync(2900);
    expect(await settled(p)).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(await settled(p)).toBe(true);
  });

  it('settles at once when a decision is already on screen', async () => {
    vi.useFakeTimers();
    const p = afterStart({ decision: signal({ serial: 1 }), screen: signal('scan') }, { idleMs: 0 });
    expect(await settled(p)).toBe(true);
  });
});
