// The policy and venue decisions are made by: Settings' names, with a fallback for one no longer known.
import { describe, expect, it } from 'vitest';
import { chongqing2021 } from '../../src/core/policy/policies/chongqing-2021.js';
import { zhejiang2020 } from '../../src/core/policy/policies/zhejiang-2020.js';
import { signal } from '@preact/signals';
import type { PackagedPolicy } from '../../src/core/policy/delivered.js';
import type { TrustSnapshot } from '../../src/store/db.js';
import { deliveredPolicies, policyInForce, venueInForce } from '../../src/models/policy-in-force.js';

describe('policyInForce', () => {
  const delivered = { ...zhejiang2020, version: 99 };
  const fromBundle = (name: string) => (name === 'zhejiang-2020' ? delivered : undefined);

  it.each([
    ['a policy a signed bundle delivered, before the shipped one', 'zhejiang-2020', fromBundle, delivered],
    ['a shipped policy the bundle did not deliver', 'chongqing-2021', fromBundle, chongqing2021],
    ['a shipped policy when no bundle delivers any', 'chongqing-2021', undefined, chongqing2021],
    ['the default for a name from an older version', 'retired-2019', fromBundle, zhejiang2020],
  ])('takes %s', (_case, name, findDelivered, expected) => {
    expect(policyInForce(name, findDelivered)).toBe(expected);
  });
});

describe('venueInForce', () => {
  it.each([
    ['museum', 'museum'],
    ['stadium', 'office'],
  ])('reads %s as %s', (category, expected) => {
    expect(venueInForce(category)).toBe(expected);
  });
});

describe('deliveredPolicies', () => {
  const snapshot = (policies: PackagedPolicy[]) =>
    signal<TrustSnapshot | null>({
      keys: [],
      revocations: [],
      authorityKey: null,
      updatedAt: 0,
      source: 'bundle',
      version: 7,
      maxOfflineSeconds: null,
      policies,
    });

  it('finds a policy the bundle delivered, checked by the policy schema', () => {
    const raised = { ...chongqing2021, version: 5 };
    const find = deliveredPolicies(snapshot([{ name: raised.name, version: 5, policy: raised }]));
    expect(find('chongqing-2021')).toEqual(raised);
    expect(find('zhejiang-2020')).toBeUndefined();
  });

  it('ignores one that does not check out (saved by an older version), so the shipped one decides', () => {
    const find = deliveredPolicies(snapshot([{ name: 'chongqing-2021', version: 5, policy: { rules: [] } }]));
    expect(find('chongqing-2021')).toBeUndefined();
    expect(policyInForce('chongqing-2021', find)).toBe(chongqing2021);
  });
});
