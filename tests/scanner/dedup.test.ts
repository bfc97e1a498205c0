// Repeat suppression: the same code within the window is one scan; the window runs from the last sighting.
import { describe, expect, it } from 'vitest';
import { createRepeatFilter, DEFAULT_REPEAT_MS } from '../../src/scanner/dedup.js';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createRepeatFilter', () => {
  it('accepts a text the first time and rejects it again within the window', () => {
    const c = clock();
    const f = createRepeatFilter(3000, c.now);
    expect(f.accept('HCQ1:A')).toBe(true);
    c.advance(2999);
    expect(f.accept('HCQ1:A')).toBe(false);
  });

  it('accepts the same text again once it has been out of view for the whole window', () => {
    const c = clock();
    const f = createRepeatFilter(3000, c.now);
    f.accept('HCQ1:A');
    c.advance(3000);
    expect(f.accept('HCQ1:A')).toBe(true);
  });

  it('keeps rejecting a code that stays in view, however long (the window restarts at each sighting)', () => {
    const c = clock();
    const f = createRepeatFilter(3000, c.now);
    expect(f.accept('HCQ1:A')).toBe(true);
    for (let i = 0; i < 20; i++) {
      c.advance(1000);
      expect(f.accept('HCQ1:A')).toBe(false);
    }
  });

  it('treats different texts independently', () => {
    const c = clock();
    const f = createRepeatFilter(3000, c.now);
    expect(f.accept('HCQ1:A')).toBe(true);
    expect(f.accept('HCQ1:B')).toBe(true);
    c.advance(100);
    expect(f.accept('HCQ1:A')).toBe(false);
    expect(f.accept('HCQ1:B')).toBe(false);
  });

  it('defaults to a window of a few seconds', () => {
    expect(DEFAULT_REPEAT_MS).toBeGreaterThanOrEqual(2000);
    expect(DEFAULT_REPEAT_MS).toBeLessThanOrEqual(5000);
  });
});
