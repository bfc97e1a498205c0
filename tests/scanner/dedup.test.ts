// Repeat suppression: the same code within the window is one scan; the window runs from the last sighting.
import { describe, expect, it } from 'vitest';
import { createRepeatFilter, DEFAULT_REPEAT_MS } from '../../src/scanner/dedup.js';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createRepeatFilter', () => {
  // Each step: ms on the clock since the step before, then whether the same code is accepted then.
  it.each<[string, [number, boolean][]]>([
    [
      'accepts a text the first time and rejects it again within the window',
      [
        [0, true],
        [2999, false],
      ],
    ],
    [
      'accepts the same text again once it has been out of view for the whole window',
      [
        [0, true],
        [3000, true],
      ],
    ],
    [
      'keeps rejecting a code that stays in view, however long (the window restarts at each sighting)',
      [[0, true], ...Array.from({ length: 20 }, (): [number, boolean] => [1000, false])],
    ],
  ])('%s', (_, sightings) => {
    const c = clock();
    const f = createRepeatFilter(3000, c.now);
    for (const [ms, accepted] of sightings) {
      c.advance(ms);
      expect(f.accept('HCQ1:A')).toBe(accepted);
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
