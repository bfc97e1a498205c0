// Settings: the venue, rules, language, feedback, gate mode, camera, temperature entry, PIN, trust data, storage.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { POLICIES, VENUE_CATEGORIES } from '../../core/policy/index.js';
import { hashPin } from '../../models/pin.js';
import type { Language, Settings } from '../../store/settings.js';
import { LANGUAGES } from '../i18n/index.js';
import { useApp } from '../context.js';
import { listCameras, type CameraChoice } from '../platform/cameras.js';
import { TrustSection } from './TrustSection.js';
import { DecoderLine } from './DecoderLine.js';

function Toggle(props: {
  name: keyof Settings;
  label: string;
  checked: boolean;
  onChange(on: boolean): void;
}) {
  return (
    <label class="check">
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}

/** The settings screen. */
export function SettingsScreen(): JSX.Element {
  const { settings, t, persistence, version, decoderReaders } = useApp();
  const tr = t.value;
  const s = settings.settings.value;
  const update = (patch: Partial<Settings>) => void settings.update(patch);
  const [cameras, setCameras] = useState<CameraChoice[]>([]);
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState(false);
  useEffect(() => void listCameras().then(setCameras), []);

  const savePin = (e: Event) => {
    e.preventDefault();
    if (!/^\d{4,8}$/.test(pin)) return setPinError(true);
    setPinError(false);
    setPin('');
    update({ supervisorPin: hashPin(pin) });
  };
  const lang = s.language === 'en' ? 'en' : 'zh';
  return (
    <section class="form" aria-labelledby="settings-title">
      <h1 id="settings-title">{tr('settings.title')}</h1>
      <label>
        {tr('settings.language')}
        <select
          name="language"
          value={s.language}
          onChange={(e) => update({ language: e.currentTarget.value as Language })}
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr('settings.venue')}
        <input
          name="venueName"
          value={s.venueName}
          onChange={(e) => update({ venueName: e.currentTarget.value })}
        />
      </label>
      <label>
        {tr('settings.category')}
        <select
          name="category"
          value={s.category}
          onChange={(e) => update({ category: e.currentTarget.value })}
        >
          {VENUE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {tr(`venue.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr('settings.policy')}
        <select name="policy" value={s.policy} onChange={(e) => update({ policy: e.currentTarget.value })}>
          {Object.values(POLICIES).map((p) => (
            <option key={p.name} value={p.name}>
              {lang === 'en' ? p.title : p.titleZh}
            </option>
          ))}
        </select>
      </label>
      <Toggle
        name="sound"
        label={tr('settings.sound')}
        checked={s.sound}
        onChange={(sound) => update({ sound })}
      />
      <Toggle
        name="vibration"
        label={tr('settings.vibration')}
        checked={s.vibration}
        onChange={(vibration) => update({ vibration })}
      />
      <Toggle
        name="gateMode"
        label={tr('settings.gateMode')}
        checked={s.gateMode}
        onChange={(gateMode) => update({ gateMode })}
      />
      {s.gateMode && (
        <label>
          {tr('settings.gateSeconds')}
          <input
            name="gateSeconds"
            type="number"
            min={1}
            max={30}
            value={s.gateSeconds}
            onChange={(e) =>
              update({ gateSeconds: Math.min(30, Math.max(1, Number(e.currentTarget.value) || 3)) })
            }
          />
        </label>
      )}
      <Toggle
        name="temperatureEntry"
        label={tr('settings.temperatureEntry')}
        checked={s.temperatureEntry}
        onChange={(temperatureEntry) => update({ temperatureEntry })}
      />
      <label>
        {tr('settings.camera')}
        <select
          name="cameraId"
          value={s.cameraId ?? ''}
          onChange={(e) => update({ cameraId: e.currentTarget.value || null })}
        >
          <option value="">{tr('settings.cameraDefault')}</option>
          {cameras.map((c) => (
            <option key={c.deviceId} value={c.deviceId}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <form class="inline" onSubmit={savePin}>
        <label>
          {tr('settings.pin')}{' '}
          <small>({tr(s.supervisorPin ? 'settings.pinIsSet' : 'settings.pinNotSet')})</small>
          <input
            name="pin"
            type="password"
            inputMode="numeric"
            autocomplete="new-password"
            value={pin}
            onInput={(e) => setPin(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{tr('settings.pinSet')}</button>
        {pinError && <p class="form-error">{tr('settings.pinTooShort')}</p>}
      </form>
      <TrustSection />
      <h2>{tr('settings.storage')}</h2>
      <p data-persistence={persistence.value ?? 'unknown'}>
        {tr(
          persistence.value === 'granted'
            ? 'settings.persisted'
            : persistence.value === 'denied'
              ? 'settings.notPersisted'
              : 'settings.persistUnknown',
        )}
      </p>
      <DecoderLine engines={decoderReaders.value} tr={tr} />
      <p class="form-note">{tr('settings.version', { v: version })}</p>
    </section>
  );
}
