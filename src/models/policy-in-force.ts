// The policy and the venue category decisions are made by: the venue's policy as its signed bundle delivered it,
// else the shipped one Settings names, with a fallback for a name no longer known; and where it came from.
import { computed, type ReadonlySignal } from '@preact/signals';
import { findPolicy, isVenueCategory, type Policy, type VenueCategory } from '../core/policy/index.js';
import { parsePackagedPolicy } from '../core/policy/delivered.js';
import { zhejiang2020 } from '../core/policy/policies/zhejiang-2020.js';
import type { TrustSnapshot } from '../store/db.js';
import type { Settings } from '../store/settings.js';

/** The venue decisions are made for: its id, category and policy names. */
export interface VenueNames {
  id: string;
  category: string;
  policy: string;
}

/** The venue in force: once enrolled, the one the signed bundle names (Settings cannot change it); else Settings'. */
export function venueNames(snapshot: TrustSnapshot | null, settings: Settings): VenueNames {
  const v = snapshot?.source === 'bundle' ? snapshot.venue : null;
  return v
    ? { id: v.id, category: v.category, policy: v.policy }
    : { id: settings.venueId, category: settings.category, policy: settings.policy };
}

/** Where the policy in force came from: shipped with the app, or the signed bundle of this version. */
export type PolicyOrigin = { kind: 'shipped' } | { kind: 'bundle'; bundleVersion: number | null };

/** The policy named `name`: one a signed bundle delivered (`delivered`), else a shipped one, else the default. */
export function policyInForce(name: string, delivered?: (name: string) => Policy | undefined): Policy {
  const fromBundle = delivered?.(name);
  if (fromBundle) return fromBundle;
  const shipped = findPolicy(name);
  // Settings only offers known policies; a name from an older version falls back to the default.
  return shipped.ok ? shipped.value : zhejiang2020;
}

/**
 * The policies the held trust data delivered, by name: each checked by the policy schema once per snapshot (a
 * bundle's are checked before it is applied; a snapshot saved by an older version is checked here).
 */
export function deliveredPolicies(
  snapshot: ReadonlySignal<TrustSnapshot | null>,
): (name: string) => Policy | undefined {
  const byName = computed(() => {
    const map = new Map<string, Policy>();
    for (const p of snapshot.value?.policies ?? []) {
      const parsed = parsePackagedPolicy(p);
      if (parsed.ok) map.set(p.name, parsed.value);
    }
    return map;
  });
  return (name) => byName.value.get(name);
}

/** The venue category `category` names; one no longer known counts as an office, as an unset device is. */
export function venueInForce(category: string): VenueCategory {
  return isVenueCategory(category) ? category : 'office';
}
