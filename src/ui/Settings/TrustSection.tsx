// The trust data in use, and where it may come from: signed bundle files once the device is enrolled; before,
// keys, revocations and the authority's key loaded by hand, with the supervisor PIN.
import { listCount } from '../../core/revocation-list.js';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Result } from '../../core/result.js';
import type { TrustFileError } from '../../models/trust.js';
import { trustAgeSeconds } from '../../models/trust-age.js';
import type { TrustSnapshot } from '../../store/db.js';
import { formatAge, isMessageKey, type MessageKey, type Translate } from '../i18n/index.js';
import './TrustSection.css';

type Loader = (json: unknown) => Promise<Result<unknown, TrustFileError>>;

/** What TrustSection shows, and the loaders its file inputs hand each file's JSON to. */
export interface TrustSectionProps {
  snapshot: TrustSnapshot | null;
  /** Milliseconds since the epoch. */
  now: number;
  tr: Translate;
  /** The device is enrolled: only signed bundle files are offered. */
  enrolled: boolean;
  /** Settings are unlocked with the supervisor PIN: files loaded by hand are allowed (before enrolment). */
  unlocked: boolean;
  onKeys: Loader;
  onRevocations: Loader;
  onAuthority: Loader;
  onBundle: Loader;
}

/** The sentence for a refused file. */
function refusal(e: TrustFileError, tr: Translate): string {
  if (e.kind === 'invalid') return e.detail;
  if (e.kind === 'enrolled') return tr('trustFile.enrolled');
  if (e.kind === 'pin') return tr('trustFile.pin');
  if (e.kind === 'not-enrolled') return tr('trustFile.notEnrolled');
  const key = `bundle.${e.error.kind}`;
  const v = e.error.kind === 'rollback' ? e.error.have : '';
  return tr('trustFile.rejected', { reason: isMessageKey(key) ? tr(key, { v }) : e.error.kind });
}

const versionOf = (snapshot: unknown): string =>
  String((snapshot as Partial<TrustSnapshot> | null)?.version ?? '');

/** The trust data in use, and the file inputs this device takes. */
export function TrustSection(props: TrustSectionProps): JSX.Element {
  const { snapshot: snap, tr } = props;
  const [message, setMessage] = useState<{ file: string; error: boolean; text: string } | null>(null);
  const files: { name: string; label: MessageKey; load: Loader }[] = props.enrolled
    ? [{ name: 'bundle', label: 'settings.loadBundle', load: props.onBundle }]
    : [
        { name: 'keys', label: 'settings.loadKeys', load: props.onKeys },
        { name: 'revocations', label: 'settings.loadRevocations', load: props.onRevocations },
        { name: 'authority', label: 'settings.loadAuthority', load: props.onAuthority },
      ];
  const load = (file: (typeof files)[number]) => async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    if (!chosen) return;
    setMessage(null);
    const say = (error: boolean, text: string) => setMessage({ file: chosen.name, error, text });
    const failed = (detail: string) => say(true, tr('settings.fileError', { file: chosen.name, detail }));
    let json: unknown;
    try {
      json = JSON.parse(await chosen.text());
    } catch (x) {
      return failed(String(x));
    }
    // Loading may need a module the page has not fetched yet (the bundle check): offline, that can fail too.
    const r = await file.load(json).catch((x: unknown) => ({ ok: false as const, error: String(x) }));
    input.value = '';
    if (!r.ok) failed(typeof r.error === 'string' ? r.error : refusal(r.error, tr));
    else if (file.name === 'bundle') say(false, tr('settings.bundleLoaded', { v: versionOf(r.value) }));
  };
  const age = trustAgeSeconds(snap, props.now);
  return (
    <div class="trust-files">
      <h2>{tr('settings.trust')}</h2>
      <p data-trust-keys={snap?.keys.length ?? 0} data-trust-version={snap?.version ?? ''}>
        {Number.isFinite(age)
          ? tr('settings.trustKeys', {
              n: snap?.keys.length ?? 0,
              r:
                (snap?.revocations.length ?? 0) + (snap?.revocationList ? listCount(snap.revocationList) : 0),
              age: formatAge(age, tr),
            })
          : tr('trust.none')}
      </p>
      <p>{tr(snap?.authorityKey ? 'settings.authorityLoaded' : 'settings.authorityMissing')}</p>
      {props.enrolled && <p class="form-note">{tr('settings.trustEnrolled')}</p>}
      {files.map((f) => (
        <label key={f.name} class="file">
          {tr(f.label)}
          <input
            type="file"
            name={f.name}
            accept=".json,application/json"
            disabled={f.name !== 'bundle' && !props.unlocked}
            onChange={load(f)}
          />
        </label>
      ))}
      {message && (
        <p
          class={message.error ? 'form-error' : 'form-note'}
          role={message.error ? 'alert' : 'status'}
          data-file={message.file}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
