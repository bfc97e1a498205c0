// @vitest-environment happy-dom
// The trust data's age is always in view; with none, or past the limit, it says so as a warning.
import { afterEach, describe, expect, it } from 'vitest';
import { newIssuerKey } from '../../../src/core/issuer.js';
import type { TrustSnapshot } from '../../../src/store/db.js';
import { TrustAge } from '../../../src/ui/components/TrustAge.js';
import { translator } from '../../../src/ui/i18n/index.js';
import { show } from '../render.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const HOUR = 3600_000;
const key = newIssuerKey('CN-ZJ', NOW / 1000 - 86400).key;

/** Trust data with one key, loaded `hoursAgo`, with the bundle's own limit when given. */
function loaded(hoursAgo: number, maxOfflineSeconds: number | null = null): TrustSnapshot {
  const at = NOW - hoursAgo * HOUR;
  return {
    keys: [key],
    revocations: [],
    authorityKey: null,
    updatedAt: at,
    source: 'file',
    version: null,
    maxOfflineSeconds,
  };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('TrustAge', () => {
  it.each<[string, TrustSnapshot | null, string, string, boolean]>([
    ['none loaded', null, 'trust trust--none', 'No trust data', false],
    ['a file with no keys', { ...loaded(1), keys: [] }, 'trust trust--none', 'No trust data', false],
    ['an hour old, within the policy’s 24 h', loaded(1), 'trust', 'Trust data 1 h old', false],
    [
      'past the policy’s 24 h',
      loaded(30),
      'trust trust--stale',
      'Trust data is 30 h old, older than the 24 h this policy allows. Connect to update it.',
      true,
    ],
    [
      'within the bundle’s own 72 h, which overrides the policy',
      loaded(30, 72 * 3600),
      'trust',
      'Trust data 30 h old',
      false,
    ],
  ])('%s', async (_, snapshot, cls, text, alert) => {
    const root = await show(
      <TrustAge snapshot={snapshot} now={NOW} maxOfflineHours={24} tr={translator('en')} />,
    );
    const p = root.querySelector('p');
    expect(p?.className).toBe(cls);
    expect(p?.textContent).toBe(text);
    expect(p?.getAttribute('role') === 'alert').toBe(alert);
  });
});
