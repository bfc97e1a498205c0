// The clock's floor (issue 11 item 3): a clock set back below the newest bundle's issue time or the last decision
// by more than a few minutes is refused, so old trust data cannot look fresh nor expired codes valid.
import { describe, expect, it } from 'vitest';
import { CLOCK_SLACK_MS, checkClock, raiseFloor } from '../../src/core/clock-floor.ts';

const T = Date.parse('2026-11-20T08:00:00Z');
const MIN = 60_000;

describe('raiseFloor', () => {
  it.each([
    ['a later moment raises it', T, [T + MIN], T + MIN],
    ['an earlier moment leaves it', T, [T - MIN], T],
    ['the latest of several wins', 0, [T, T + 2 * MIN, T + MIN], T + 2 * MIN],
    ['no time at all (NaN, Infinity) changes nothing', T, [Number.NaN, Infinity, -Infinity], T],
  ])('%s', (_, floor, times, expected) => {
    expect(raiseFloor(floor, ...times)).toBe(expected);
  });
});

describe('checkClock', () => {
  it('allows a few minutes behind the floor (5), as a corrected clock or a server a little ahead may be', () => {
    expect(CLOCK_SLACK_MS).toBe(5 * MIN);
  });

  it.each([
    ['ahead of the floor', T + 3600_000, true],
    ['at the floor', T, true],
    ['5 minutes behind', T - 5 * MIN, true],
    ['5 minutes and 1 ms behind', T - 5 * MIN - 1, false],
    ['a day behind', T - 86_400_000, false],
  ])('a clock %s may decide: %s', (_, now, allowed) => {
    expect(checkClock(now, T).ok).toBe(allowed);
  });

  it('says how far behind the clock is', () => {
    expect(checkClock(T - 3600_000, T)).toEqual({
      ok: false,
      error: { floorMs: T, behindMs: 3600_000 },
    });
  });

  it('lets a device with no floor yet (0) decide', () => {
    expect(checkClock(T, 0).ok).toBe(true);
  });
});
