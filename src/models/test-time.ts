// The sampling time of a test staff read off paper or an app as HH:MM, in the device's own time zone.

// A test "sampled" a few minutes after now is a clock difference; later than that it was yesterday's.
const AHEAD_MS = 5 * 60_000;

/**
 * Seconds since the epoch of the last HH:MM (24-hour, local time) at or before `nowMs` (a few minutes ahead
 * allowed for clock differences); null when `clock` is no HH:MM.
 */
export function sampledAtFromClock(clock: string, nowMs: number): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(clock.trim());
  if (!m) return null;
  const at = new Date(nowMs);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (at.getTime() > nowMs + AHEAD_MS) at.setDate(at.getDate() - 1);
  return Math.floor(at.getTime() / 1000);
}
