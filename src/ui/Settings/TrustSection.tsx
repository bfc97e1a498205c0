// Loading trust data from files, for demonstration until the device is enrolled with a server.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Result } from '../../core/result.js';
import { trustAgeSeconds } from '../../models/trust-age.js';
import { formatAge } from '../i18n/index.js';
import { useApp } from '../context.js';

type Loader = (json: unknown) => Promise<Result<unknown>>;

/** The trust data in use, and file inputs for keys.json, revocations.json and the authority's key. */
export function TrustSection(): JSX.Element {
  const { trust, t, clock } = useApp();
  const tr = t.value;
  const [error, setError] = useState<string | null>(null);
  const snap = trust.snapshot.value;
  const load = (load: Loader) => async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (x) {
      setError(tr('settings.fileError', { file: file.name, detail: String(x) }));
      return;
    }
    const r = await load(json);
    setError(r.ok ? null : tr('settings.fileError', { file: file.name, detail: r.error }));
    input.value = '';
  };
  const age = trustAgeSeconds(snap, clock.value);
  return (
    <div class="trust-files">
      <h2>{tr('settings.trust')}</h2>
      <p data-trust-keys={snap?.keys.length ?? 0}>
        {Number.isFinite(age)
          ? tr('settings.trustKeys', {
              n: snap?.keys.length ?? 0,
              r: snap?.revocations.length ?? 0,
              age: formatAge(age, tr),
            })
          : tr('trust.none')}
      </p>
      <p>{tr(snap?.authorityKey ? 'settings.authorityLoaded' : 'settings.authorityMissing')}</p>
      <label class="file">
        {tr('settings.loadKeys')}
        <input type="file" name="keys" accept=".json,application/json" onChange={load(trust.loadKeysFile)} />
      </label>
      <label class="file">
        {tr('settings.loadRevocations')}
        <input
          type="file"
          name="revocations"
          accept=".json,application/json"
          onChange={load(trust.loadRevocationsFile)}
        />
      </label>
      <label class="file">
        {tr('settings.loadAuthority')}
        <input
          type="file"
          name="authority"
          accept=".json,application/json"
          onChange={load(trust.loadAuthorityFile)}
        />
      </label>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
