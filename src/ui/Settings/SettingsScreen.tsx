// Settings: the venue, rules, language, feedback, gate mode, camera, temperature entry, who is on shift, the
// supervisor PIN, trust data, storage. What changes decisions is locked behind the PIN; once the device is
// enrolled the venue's type and rules are the server's, shown here read-only.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { POLICIES, VENUE_CATEGORIES } from '../../core/policy/index.js';
import { venueNames } from '../../models/policy-in-force.js';
import type { GuardedPatch, OpenPatch } from '../../models/settings.js';
import { LANGUAGES, isMessageKey, type MessageKey } from '../i18n/index.js';
import { useApp } from '../context.js';
import { Field } from '../components/Field.js';
import { Select } from '../components/Select.js';
import { Toggle } from '../components/Toggle.js';
import { listCameras, type CameraChoice } from '../platform/cameras.js';
import { TrustSection } from './TrustSection.js';
import { SupervisorSection } from './SupervisorSection.js';
import { DecoderLine } from './DecoderLine.js';
import { PolicyLine } from './PolicyLine.js';
import '../components/form.css';
import './SettingsScreen.css';

/** The settings that are switched on and off by anyone. */
type Switch = 'sound' | 'vibration' | 'gateMode';

/** The settings screen. */
export function SettingsScreen(): JSX.Element {
  const { settings, t, persistence, version, decoderReaders, trust, clock, checkpoint } = useApp();
  const tr = t.value;
  const s = settings.settings.value;
  const update = (patch: OpenPatch) => void settings.update(patch);
  const [cameras, setCameras] = useState<CameraChoice[]>([]);
  // The PIN that unlocked Settings, kept only while the screen is open.
  const [unlocked, setUnlocked] = useState<string | null>(null);
  useEffect(() => void listCameras().then(setCameras), []);
  const enrolled = trust.enrolled.value;
  // Without the PIN the model refuses the change; the controls say so by being disabled.
  const guarded = (patch: GuardedPatch) => {
    if (unlocked !== null) void settings.updateGuarded(patch, unlocked);
  };

  const lang = s.language === 'en' ? 'en' : 'zh';
  const toggle = (name: Switch, label: MessageKey) => (
    <Toggle name={name} label={tr(label)} checked={s[name]} onChange={(on) => update({ [name]: on })} />
  );
  const policyTitle = (name: string) => {
    const p = POLICIES[name];
    return p ? (lang === 'en' ? p.title : p.titleZh) : name;
  };
  // What decides: the signed bundle's venue once enrolled (Settings follows it, but cannot change it).
  const venue = venueNames(trust.snapshot.value, s);
  const categoryKey = `venue.${venue.category}`;
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
      <SupervisorSection
        pinSet={s.supervisorPin !== null}
        unlocked={unlocked}
        tr={tr}
        onUnlock={(pin) => {
          const r = settings.checkSupervisor(pin);
          if (r.ok) setUnlocked(pin);
          return r;
        }}
        onLock={() => setUnlocked(null)}
        onSetPin={async (next, current) => {
          const r = await settings.setPin(next, current);
          if (r.ok) setUnlocked(next);
          return r;
        }}
      />
      {enrolled ? (
        <dl class="venue-fixed" data-from-server="true">
          <dt>{tr('settings.venue')}</dt>
          <dd>{s.venueName}</dd>
          <dt>{tr('settings.category')}</dt>
          <dd data-category={venue.category}>
            {isMessageKey(categoryKey) ? tr(categoryKey) : venue.category}
          </dd>
          <dt>{tr('settings.policy')}</dt>
          <dd data-policy={venue.policy}>{policyTitle(venue.policy)}</dd>
          <dd class="form-note">{tr('settings.fromServer')}</dd>
        </dl>
      ) : (
        <>
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
            disabled={unlocked === null}
            options={VENUE_CATEGORIES.map((c) => ({ value: c, label: tr(`venue.${c}`) }))}
            onChange={(category) => guarded({ category })}
          />
          <Select
            name="policy"
            label={tr('settings.policy')}
            value={s.policy}
            disabled={unlocked === null}
            options={Object.values(POLICIES).map((p) => ({ value: p.name, label: policyTitle(p.name) }))}
            onChange={(policy) => guarded({ policy })}
          />
        </>
      )}
      <Field
        label={tr('settings.staff')}
        name="staff"
        maxLength={40}
        autocomplete="off"
        value={s.staff}
        onChange={(e) => update({ staff: e.currentTarget.value.trim() })}
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
      <Toggle
        name="temperatureEntry"
        label={tr('settings.temperatureEntry')}
        checked={s.temperatureEntry}
        disabled={unlocked === null}
        onChange={(temperatureEntry) => guarded({ temperatureEntry })}
      />
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
      <TrustSection
        snapshot={trust.snapshot.value}
        now={clock.value}
        tr={tr}
        enrolled={enrolled}
        unlocked={unlocked !== null}
        onKeys={(json) => trust.loadKeysFile(json, unlocked ?? '')}
        onRevocations={(json) => trust.loadRevocationsFile(json, unlocked ?? '')}
        onAuthority={(json) => trust.loadAuthorityFile(json, unlocked ?? '')}
        onBundle={trust.loadBundleFile}
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
