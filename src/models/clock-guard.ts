// The checkpoint's guard against a clock set back: the floor (src/core/clock-floor.ts) from the newest signed
// bundle and the last decision, kept in the store, checked before every decision.
import { checkClock, raiseFloor, type ClockBehind } from '../core/clock-floor.js';
import type { Result } from '../core/result.js';

// The records already keep each decision's time; the floor row is written at most this often besides.
const SAVE_EVERY_MS = 60_000;

/** What the guard needs: the floor kept so far, the signed time of the trust data, and where to keep the floor. */
export interface ClockGuardDeps {
  /** The floor loaded from the store (ms since the epoch). */
  initial: number;
  /** The newest signed bundle's issue time (ms), 0 without one: trust data loaded by hand carries no signed time. */
  signedTime(): number;
  save(ms: number): Promise<void>;
}

/** The floor and the check. */
export interface ClockGuard {
  /** Whether the clock's reading `nowMs` may be decided by (not set back below the floor). */
  check(nowMs: number): Result<void, ClockBehind>;
  /** A decision was made at `atMs`: the floor rises to it. */
  passed(atMs: number): void;
}

/** Creates the guard. */
export function createClockGuard(deps: ClockGuardDeps): ClockGuard {
  let floor = deps.initial;
  let saved = deps.initial;
  return {
    check: (nowMs) => checkClock(nowMs, raiseFloor(floor, deps.signedTime())),
    passed(atMs) {
      floor = raiseFloor(floor, atMs);
      if (floor - saved < SAVE_EVERY_MS) return;
      saved = floor;
      // Not awaited: the decision is already durable in the log, which the floor is read back from too.
      void deps.save(floor).catch(() => undefined);
    },
  };
}
