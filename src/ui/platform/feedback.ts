// Sound and vibration for a decision: admit and deny must be told apart without looking at the screen.
import type { Verdict } from '../../core/policy/vocabulary.js';

/** Which of sound and vibration are on. */
export interface FeedbackPrefs {
  sound: boolean;
  vibration: boolean;
}

// Admit: two short rising beeps. Deny: three long low buzzes. Different pitch, rhythm and timbre.
const TONES: Record<Verdict, { freq: number; start: number; dur: number; type: OscillatorType }[]> = {
  admit: [
    { freq: 880, start: 0, dur: 0.09, type: 'sine' },
    { freq: 1320, start: 0.12, dur: 0.12, type: 'sine' },
  ],
  deny: [
    { freq: 220, start: 0, dur: 0.22, type: 'square' },
    { freq: 220, start: 0.3, dur: 0.22, type: 'square' },
    { freq: 180, start: 0.6, dur: 0.35, type: 'square' },
  ],
};

const VIBRATION: Record<Verdict, number[]> = { admit: [80], deny: [250, 100, 250, 100, 400] };

/**
 * Makes the feedback function. With a `gestureTarget`, the AudioContext is made in idle time after the first tap or
 * key press there; otherwise on first use.
 */
export function createFeedback(
  prefs: () => FeedbackPrefs,
  gestureTarget?: EventTarget,
): (decision: Verdict) => void {
  let ctx: AudioContext | null = null;
  if (gestureTarget && typeof AudioContext !== 'undefined') {
    // Browsers let audio start only once the page has had a user gesture, and making a context costs a 50+ ms
    // task on cheap phones: make it after the first gesture, when idle, rather than inside the first decision.
    const events = ['pointerdown', 'keydown'] as const;
    const onGesture = () => {
      for (const e of events) gestureTarget.removeEventListener(e, onGesture, true);
      const open = () => {
        if (prefs().sound) ctx ??= new AudioContext();
      };
      if (typeof requestIdleCallback === 'function') requestIdleCallback(open, { timeout: 2000 });
      else setTimeout(open, 0);
    };
    for (const e of events) gestureTarget.addEventListener(e, onGesture, { capture: true, passive: true });
  }
  return (decision) => {
    const p = prefs();
    if (p.vibration && typeof navigator.vibrate === 'function') navigator.vibrate(VIBRATION[decision]);
    if (!p.sound || typeof AudioContext === 'undefined') return;
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
    const t0 = ctx.currentTime + 0.01;
    for (const tone of TONES[decision]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = tone.type;
      osc.frequency.value = tone.freq;
      // A short fade in and out: no clicks at the edges of each beep.
      gain.gain.setValueAtTime(0, t0 + tone.start);
      gain.gain.linearRampToValueAtTime(0.25, t0 + tone.start + 0.01);
      gain.gain.setValueAtTime(0.25, t0 + tone.start + tone.dur - 0.02);
      gain.gain.linearRampToValueAtTime(0, t0 + tone.start + tone.dur);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + tone.start);
      osc.stop(t0 + tone.start + tone.dur + 0.01);
    }
  };
}

// Where no frame comes (a hidden page draws none), the feedback still goes out after this long.
const PAINT_WAIT_MS = 100;

/**
 * Runs `fn` once the next frame is painted: a decision's sound and buzz follow its screen instead of holding it
 * up (the first sound makes the AudioContext, a 50+ ms task on cheap phones when no gesture made it earlier).
 */
export function afterNextPaint(fn: () => void, win: Pick<Window, 'requestAnimationFrame'> = window): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  // A task queued from the frame's callback runs after that frame is painted.
  win.requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, PAINT_WAIT_MS);
}
