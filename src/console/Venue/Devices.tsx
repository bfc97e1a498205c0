// A venue's devices as cards: last sync, the age of their trust data, records missing or contradicting, the
// staff member last seen, and a disable button that asks first.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ConsoleDevice } from '../../core/console-wire.js';
import { formatAge } from '../../ui/i18n/translate.js';
import { shortId } from '../format.js';
import type { ConsoleTranslate } from '../i18n/index.js';
import '../components/tiles.css';
import './Devices.css';

function DeviceCard(props: {
  device: ConsoleDevice;
  now: number;
  t: ConsoleTranslate;
  onDisable(id: string): Promise<boolean>;
}): JSX.Element {
  const { device: d, t } = props;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const synced = d.lastSyncAt ? Date.parse(d.lastSyncAt) : NaN;
  const trouble = d.pendingGaps > 0 || d.forks > 0;
  const none = t('console.none');
  const disable = async () => {
    setBusy(true);
    await props.onDisable(d.id);
    setBusy(false);
    setAsking(false);
  };
  return (
    <li
      class={`tile device${d.disabled ? ' device--off' : ''}${trouble ? ' device--trouble' : ''}`}
      data-device={d.id}
    >
      <h3 title={d.id}>
        {d.label || shortId(d.id)}
        {d.disabled && <span class="badge badge--off">{t('devices.disabled')}</span>}
      </h3>
      <dl class="facts">
        <dt>{t('devices.lastSync')}</dt>
        <dd>
          {Number.isNaN(synced)
            ? t('devices.never')
            : t('devices.ago', { age: formatAge((props.now - synced) / 1000, t) })}
        </dd>
        <dt>{t('devices.trust')}</dt>
        <dd>
          {d.trustAgeHours === null || d.trustVersion === null
            ? none
            : t('devices.trustAge', { version: d.trustVersion, age: formatAge(d.trustAgeHours * 3600, t) })}
        </dd>
        <dt>{t('devices.gaps')}</dt>
        <dd class={d.pendingGaps > 0 ? 'warn' : ''}>{d.pendingGaps}</dd>
        <dt>{t('devices.forks')}</dt>
        <dd class={d.forks > 0 ? 'warn' : ''}>{d.forks}</dd>
        <dt>{t('devices.staff')}</dt>
        <dd>{d.staff ?? none}</dd>
      </dl>
      {!d.disabled &&
        (asking ? (
          <div class="device__confirm" role="group" aria-label={t('devices.disableConfirm')}>
            <p>{t('devices.disableConfirm')}</p>
            <button type="button" class="button--deny" disabled={busy} onClick={() => void disable()}>
              {t('devices.disable')}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t('devices.keep')}
            </button>
          </div>
        ) : (
          <button type="button" class="device__disable" onClick={() => setAsking(true)}>
            {t('devices.disable')}
          </button>
        ))}
    </li>
  );
}

/** The venue's devices. */
export function Devices(props: {
  devices: readonly ConsoleDevice[];
  now: number;
  t: ConsoleTranslate;
  onDisable(id: string): Promise<boolean>;
}): JSX.Element {
  if (props.devices.length === 0) return <p class="empty">{props.t('devices.none')}</p>;
  return (
    <ul class="tiles devices">
      {props.devices.map((d) => (
        <DeviceCard key={d.id} device={d} now={props.now} t={props.t} onDisable={props.onDisable} />
      ))}
    </ul>
  );
}
