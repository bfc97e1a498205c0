// How old the trust data is, always in view; past the policy's limit it says that checks are refused.
import type { JSX } from 'preact';
import { isTrustStale } from '../../core/trust-age.js';
import { trustAgeSeconds, trustLimitSeconds } from '../../models/trust-age.js';
import type { TrustSnapshot } from '../../store/db.js';
import { formatAge, type Translate } from '../i18n/index.js';
import './TrustAge.css';

/** The trust data in use, the time, and the limit of the policy in force. */
export interface TrustAgeProps {
  snapshot: TrustSnapshot | null;
  /** Milliseconds since the epoch. */
  now: number;
  /** The policy's limit, for trust data whose bundle sets none. */
  maxOfflineHours: number;
  tr: Translate;
}

/** The trust data's age, or the warning that it is too old. */
export function TrustAge({ snapshot: snap, now, maxOfflineHours, tr }: TrustAgeProps): JSX.Element {
  const age = trustAgeSeconds(snap, now);
  if (!Number.isFinite(age)) return <p class="trust trust--none">{tr('trust.none')}</p>;
  const max = trustLimitSeconds(snap, maxOfflineHours);
  if (isTrustStale(age, max))
    return (
      <p class="trust trust--stale" role="alert">
        {tr('trust.stale', { age: formatAge(age, tr), max: formatAge(max, tr) })}
      </p>
    );
  return <p class="trust">{tr('trust.age', { age: formatAge(age, tr) })}</p>;
}
