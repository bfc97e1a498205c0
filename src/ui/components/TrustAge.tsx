// How old the trust data is, always in view; past the policy's limit it says that checks are refused.
import type { JSX } from 'preact';
import { isTrustStale } from '../../core/trust-age.js';
import { trustAgeSeconds, trustLimitSeconds } from '../../models/trust-age.js';
import { formatAge } from '../i18n/index.js';
import { useApp } from '../context.js';

/** The trust data's age, or the warning that it is too old. */
export function TrustAge(): JSX.Element {
  const { trust, clock, t, checkpoint } = useApp();
  const tr = t.value;
  const snap = trust.snapshot.value;
  const age = trustAgeSeconds(snap, clock.value);
  if (!Number.isFinite(age)) return <p class="trust trust--none">{tr('trust.none')}</p>;
  const max = trustLimitSeconds(snap, checkpoint.policy().maxOfflineHours);
  if (isTrustStale(age, max))
    return (
      <p class="trust trust--stale" role="alert">
        {tr('trust.stale', { age: formatAge(age, tr), max: formatAge(max, tr) })}
      </p>
    );
  return <p class="trust">{tr('trust.age', { age: formatAge(age, tr) })}</p>;
}
