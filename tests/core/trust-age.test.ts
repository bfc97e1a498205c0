// Trust data too old to check codes against: one rule for the checkpoint, its screen and signed bundles.
import { describe, expect, it } from 'vitest';
import { isTrustStale } from '../../src/core/trust-age.ts';

const DAY = 86400;

describe('isTrustStale', () => {
  // 001 §1 "动态调整": a colour can change at any time, so a device past its limit no longer knows the red codes.
  it.each([
    [0, DAY, false],
    [DAY - 1, DAY, false],
    [DAY, DAY, false],
    [DAY + 1, DAY, true],
    [30 * DAY, DAY, true],
  ])('is %s s old data with a limit of %s s stale? %s', (age, limit, stale) => {
    expect(isTrustStale(age, limit)).toBe(stale);
  });

  it('calls no data at all missing, not stale: every code then fails as from an unknown issuer', () => {
    expect(isTrustStale(Infinity, DAY)).toBe(false);
  });
});
