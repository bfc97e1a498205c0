// Settings: the venue, rules, language, feedback, gate mode, camera, temperature entry, PIN, trust data, storage.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { POLICIES, VENUE_CATEGORIES } from '../../core/policy/index.js';
import { hashPin } from '../../models/pin.js';
import type { Settings } from '../../store/settings.js';
import { LANGUAGES, type MessageKey } from '../i18n/index.js';
import { useApp } from '../context.js';
import { Field } from '../components/Field.js';
import { Select } from '../components/Select.js';
import { Toggle } from '../components/Toggle.js';
import { PinField } from '../components/PinField.js';
import { listCameras, type CameraChoice } from '../platform/cameras.js';
import { TrustSection } from './TrustSection.js';
import { DecoderLine } from './DecoderLine.js';
import { PolicyLine } from './PolicyLine.js';
import '../components/form.css';

/** The settings that are switched on and off. */
type Switch = 'sound' | 'vibration' | 'gateMode' | 'temperatureEntry';

/** The settings screen. */
export function SettingsScreen(): JSX.Element {
  const { settings, t, persistence, version, decoderReaders, trust, clock, checkpoint } = useApp();
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
  const toggle = (name: Switch, label: MessageKey) => (
    <Toggle
      name={name}
      label={tr(label)}
      checked={s[name]}
      onChange={(on) => {
        const patch: Partial<Settings> = {};
        patch[name] = on;
        update(patch);
      }}
    />
  );
  return (
    <section class="form" aria-labelledby="settings-title">
      <h1 id="settings-title">{tr('settings.title')}</h1>
      <Select
        name="language"
        label={tr('settings.language')}
        value={s.language}
        options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
        onChange={(language) => update({ language })}
      />
      <Field
        label={tr('settings.venue')}
        name="venueName"
        value={s.venueName}
        onChange={(e) => update({ venueName: e.currentTarget.value })}
      />
      <Select
        name="category"
        label={tr('settings.category')}
        value={s.category}
        options={VENUE_CATEGORIES.map((c) => ({ value: c, label: tr(`venue.${c}`) }))}
        onChange={(category) => update({ category })}
      />
      <Select
        name="policy"
        label={tr('settings.policy')}
        value={s.policy}
        options={Object.values(POLICIES).map((p) => ({
          value: p.name,
          label: lang === 'en' ? p.title : p.titleZh,
        }))}
        onChange={(policy) => update({ policy })}
      />
      <PolicyLine policy={checkpoint.policy()} origin={checkpoint.policyOrigin()} tr={tr} />
      {toggle('sound', 'settings.sound')}
      {toggle('vibration', 'settings.vibration')}
      {toggle('gateMode', 'settings.gateMode')}
      {s.gateMode && (
        <Field
          label={tr('settings.gateSeconds')}
          name="gateSeconds"
          type="number"
          min={1}
          max={30}
          value={s.gateSeconds}
          onChange={(e) =>
            update({ gateSeconds: Math.min(30, Math.max(1, Number(e.currentTarget.value) || 3)) })
          }
        />
      )}
      {toggle('temperatureEntry', 'settings.temperatureEntry')}
      <Select
        name="cameraId"
        label={tr('settings.camera')}
        value={s.cameraId ?? ''}
        options={[
          { value: '', label: tr('settings.cameraDefault') },
          ...cameras.map((c) => ({ value: c.deviceId, label: c.label })),
        ]}
        onChange={(id) => update({ cameraId: id || null })}
      />
      <form class="inline" onSubmit={savePin}>
        <PinField
          label={
            <>
              {tr('settings.pin')}{' '}
              <small>({tr(s.supervisorPin ? 'settings.pinIsSet' : 'settings.pinNotSet')})</small>
            </>
          }
          autocomplete="new-password"
          value={pin}
          onInput={setPin}
        />
        <button type="submit">{tr('settings.pinSet')}</button>
        {pinError && <p class="form-error">{tr('settings.pinTooShort')}</p>}
      </form>
      <TrustSection
        snapshot={trust.snapshot.value}
        now={clock.value}
        tr={tr}
        onKeys={trust.loadKeysFile}
        onRevocations={trust.loadRevocationsFile}
        onAuthority={trust.loadAuthorityFile}
      />
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
