// When trust data is too old to check codes against: one rule for the checkpoint, its screen and signed bundles.

/**
 * Whether trust data `ageSeconds` old is past the `limitSeconds` it may be used for. No data at all (an infinite
 * age) is not stale but missing: every code then fails as from an unknown issuer.
 */
export function isTrustStale(ageSeconds: number, limitSeconds: number): boolean {
  return Number.isFinite(ageSeconds) && ageSeconds > limitSeconds;
}
