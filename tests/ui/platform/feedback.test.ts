// @vitest-environment happy-dom
// Sound and vibration: admit and deny must differ in pitch, rhythm and buzz, and respect the settings.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint, createFeedback } from '../../../src/ui/platform/feedback.js';

interface Tone {
  type: string;
  freq: number;
}

function fakeAudio(): Tone[] {
  const tones: Tone[] = [];
  class FakeContext {
    currentTime = 0;
    state = 'running';
    destination = {};
    createOscillator() {
      const osc = {
        type: 'sine',
        frequency: { value: 0 },
        connect: (g: unknown) => g,
        start: () => tones.push({ type: osc.type, freq: osc.frequency.value }),
        stop: () => undefined,
      };
      return osc;
    }
    createGain() {
      const g = { gain: { setValueAtTime: () => g, linearRampToValueAtTime: () => g }, connect: () => g };
      return g;
    }
    resume() {
      return Promise.resolve();
    }
  }
  vi.stubGlobal('AudioContext', FakeContext);
  return tones;
}

afterEach(() => vi.unstubAllGlobals());

describe('decision feedback', () => {
  it('makes its AudioContext after the first gesture, in idle time, not inside the first decision', async () => {
    let made = 0;
    class CountingContext {
      constructor() {
        made++;
      }
    }
    vi.stubGlobal('AudioContext', CountingContext);
    const target = new EventTarget();
    createFeedback(() => ({ sound: true, vibration: false }), target);
    expect(made).toBe(0);
    target.dispatchEvent(new Event('pointerdown'));
    await new Promise((r) => setTimeout(r, 50));
    expect(made).toBe(1);
    target.dispatchEvent(new Event('keydown'));
    await new Promise((r) => setTimeout(r, 50));
    expect(made).toBe(1);
  });

  it('plays two high beeps for admit and three low square buzzes for deny', () => {
    const tones = fakeAudio();
    const feedback = createFeedback(() => ({ sound: true, vibration: false }));
    feedback('admit');
    const admit = tones.splice(0);
    feedback('deny');
    const deny = tones.splice(0);
    expect(admit.length).toBe(2);
    expect(deny.length).toBe(3);
    expect(Math.min(...admit.map((t) => t.freq))).toBeGreaterThan(Math.max(...deny.map((t) => t.freq)));
    expect(new Set(deny.map((t) => t.type))).toEqual(new Set(['square']));
  });

  it('vibrates once briefly for admit and in a long pattern for deny, and stays silent when turned off', () => {
    const tones = fakeAudio();
    const vibrate = vi.fn(() => true);
    vi.stubGlobal('navigator', { ...navigator, vibrate });
    const prefs = { sound: false, vibration: true };
    const feedback = createFeedback(() => prefs);
    feedback('admit');
    feedback('deny');
    const [admitPattern, denyPattern] = vibrate.mock.calls.map((c: unknown[]) => c[0] as number[]);
    expect(admitPattern?.length).toBe(1);
    expect((denyPattern ?? []).reduce((a, b) => a + b, 0)).toBeGreaterThan(
      (admitPattern ?? []).reduce((a, b) => a + b, 0) * 5,
    );
    expect(tones).toEqual([]);
    prefs.vibration = false;
    feedback('deny');
    expect(vibrate).toHaveBeenCalledTimes(2);
  });
});

describe('afterNextPaint', () => {
  it('runs once, in a task after the next frame, not inside the frame or before it', async () => {
    const frames: (() => void)[] = [];
    const ran: string[] = [];
    afterNextPaint(() => ran.push('feedback'), { requestAnimationFrame: (cb) => frames.push(() => cb(0)) });
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual([]);
    frames.shift()?.();
    expect(ran).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual(['feedback']);
    await new Promise((r) => setTimeout(r, 150));
    expect(ran).toEqual(['feedback']);
  });

  it('still runs where no frame comes (a hidden page)', async () => {
    const ran: string[] = [];
    afterNextPaint(() => ran.push('feedback'), { requestAnimationFrame: () => 0 });
    await new Promise((r) => setTimeout(r, 150));
    expect(ran).toEqual(['feedback']);
  });
});
