// Loading trust data from files, for demonstration until the device is enrolled with a server.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Result } from '../../core/result.js';
import { trustAgeSeconds } from '../../models/trust-age.js';
import type { TrustSnapshot } from '../../store/db.js';
import { formatAge, type MessageKey, type Translate } from '../i18n/index.js';
import './TrustSection.css';

type Loader = (json: unknown) => Promise<Result<unknown>>;

/** What TrustSection shows, and the loaders its file inputs hand each file's JSON to. */
export interface TrustSectionProps {
  snapshot: TrustSnapshot | null;
  /** Milliseconds since the epoch. */
  now: number;
  tr: Translate;
  onKeys: Loader;
  onRevocations: Loader;
  onAuthority: Loader;
}

/** The trust data in use, and file inputs for keys.json, revocations.json and the authority's key. */
export function TrustSection(props: TrustSectionProps): JSX.Element {
  const { snapshot: snap, tr } = props;
  const [error, setError] = useState<string | null>(null);
  const files: { name: string; label: MessageKey; load: Loader }[] = [
    { name: 'keys', label: 'settings.loadKeys', load: props.onKeys },
    { name: 'revocations', label: 'settings.loadRevocations', load: props.onRevocations },
    { name: 'authority', label: 'settings.loadAuthority', load: props.onAuthority },
  ];
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
  const age = trustAgeSeconds(snap, props.now);
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
      {files.map((f) => (
        <label key={f.name} class="file">
          {tr(f.label)}
          <input type="file" name={f.name} accept=".json,application/json" onChange={load(f.load)} />
        </label>
      ))}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
