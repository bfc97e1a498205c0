// The clock guard (issue 11 item 3): refuses a clock set back below the newest signed bundle or the last decision.
import { describe, expect, it } from 'vitest';
import { createClockGuard } from '../../src/models/clock-guard.js';

const T = Date.parse('2026-11-20T08:00:00Z');
const MIN = 60_000;

function guard(initial = 0, signed = 0) {
  const saved: number[] = [];
  const g = createClockGuard({ initial, signedTime: () => signed, save: async (ms) => void saved.push(ms) });
  return { g, saved };
}

describe('clock guard', () => {
  it.each([
    ['the floor loaded from the store', T, 0],
    ['the newest signed bundle’s issue time', 0, T],
  ])('refuses a clock more than 5 minutes behind %s', (_, initial, signed) => {
    const { g } = guard(initial, signed);
    expect(g.check(T - 5 * MIN).ok).toBe(true);
    expect(g.check(T - 6 * MIN)).toEqual({ ok: false, error: { floorMs: T, behindMs: 6 * MIN } });
  });

  it('raises the floor with each decision, so the clock cannot go back past the last one', () => {
    const { g } = guard();
    expect(g.check(T - 86_400_000).ok).toBe(true);
    g.passed(T);
    expect(g.check(T - 86_400_000).ok).toBe(false);
  });

  it('keeps the floor in the store at most once a minute (the log keeps every decision’s time anyway)', () => {
    const { g, saved } = guard(T);
    g.passed(T + 10_000);
    g.passed(T + 30_000);
    g.passed(T + MIN);
    g.passed(T + MIN + 10_000);
    g.passed(T + 2 * MIN + 5_000);
    expect(saved).toEqual([T + MIN, T + 2 * MIN + 5_000]);
  });

  it('never lowers the floor for a decision dated earlier', () => {
    const { g } = guard(T);
    g.passed(T - 3600_000);
    expect(g.check(T - 6 * MIN).ok).toBe(false);
  });
});
