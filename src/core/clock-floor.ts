// The clock's floor: the latest time the device knows has passed (its newest bundle's issue time, its last
// decision). A clock set back below it would make old trust data look fresh and expired codes look valid.
import { err, ok, type Result } from './result.js';

/**
 * How far the clock may be behind its floor and still decide: a clock corrected by a few seconds, a server whose
 * clock runs a little ahead of the device's. Beyond this the clock has been set back.
 */
export const CLOCK_SLACK_MS = 5 * 60_000;

/** How far a clock is behind its floor (milliseconds since the epoch, and the gap). */
export interface ClockBehind {
  floorMs: number;
  behindMs: number;
}

/** The floor after the moments `times` (ms since the epoch) have passed: never lower than `floorMs`. */
export function raiseFloor(floorMs: number, ...times: readonly number[]): number {
  let floor = floorMs;
  for (const t of times) if (Number.isFinite(t) && t > floor) floor = t;
  return floor;
}

/** Whether the clock's reading `nowMs` may be decided by, given its floor: refused when set back past the slack. */
export function checkClock(
  nowMs: number,
  floorMs: number,
  slackMs: number = CLOCK_SLACK_MS,
): Result<void, ClockBehind> {
  const behindMs = floorMs - nowMs;
  return behindMs > slackMs ? err({ floorMs, behindMs }) : ok(undefined);
}
