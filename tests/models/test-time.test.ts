// The sampling time staff read off a test as HH:MM: the last such time up to now, in the device's time zone.
import { describe, expect, it } from 'vitest';
import { sampledAtFromClock } from '../../src/models/test-time.js';

const at = (h: number, m: number, dayOffset = 0) => {
  const d = new Date(2021, 11, 1 + dayOffset, h, m, 0, 0);
  return Math.floor(d.getTime() / 1000);
};
const NOW = new Date(2021, 11, 1, 10, 0, 0, 0).getTime();

describe('sampledAtFromClock', () => {
  it.each([
    ['07:30', at(7, 30)],
    ['7:05', at(7, 5)],
    ['10:03', at(10, 3)],
    ['23:10', at(23, 10, -1)],
    ['10:30', at(10, 30, -1)],
  ])('reads %s as the last such time up to now (a few minutes ahead allowed)', (clock, expected) => {
    expect(sampledAtFromClock(clock, NOW)).toBe(expected);
  });

  it.each(['', '7h30', '24:00', '12:60', 'noon'])('refuses "%s"', (clock) => {
    expect(sampledAtFromClock(clock, NOW)).toBeNull();
  });
});
