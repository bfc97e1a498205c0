// The sync widget: pending count, "Sync now" with progress, the dead-letter list, and the disabled message.
import type { JSX } from 'preact';
import type { ReadonlySignal } from '@preact/signals';
import type { Language } from '../../store/settings.js';
import type { SyncStatus } from '../../sync/syncer.js';
import { translator } from '../i18n/index.js';

/** Props: the engine's status and trigger, and the interface language. */
export interface SyncWidgetProps {
  status: ReadonlySignal<SyncStatus>;
  syncNow(): Promise<void>;
  language: Language;
}

const time = (iso: string, language: Language) =>
  new Date(iso).toLocaleString(language, { dateStyle: 'short', timeStyle: 'short' });

/** The widget. */
export function SyncWidget({ status, syncNow, language }: SyncWidgetProps): JSX.Element {
  const s = status.value;
  const t = translator(language);
  const syncing = s.state === 'syncing';
  return (
    <section class="sync" aria-labelledby="sync-title" data-sync-state={s.state} data-pending={s.pending}>
      <h2 id="sync-title">{t('sync.title')}</h2>
      {s.state === 'disabled' && (
        <p class="sync__disabled" role="alert">
          {t('sync.disabled')}
          {s.disabledMessage ? ` (${s.disabledMessage})` : ''}
        </p>
      )}
      {s.state === 'not-enrolled' && <p class="sync__note">{t('sync.notEnrolled')}</p>}
      <p class="sync__pending" aria-live="polite">
        {s.pending > 0 ? t('sync.pending', { n: s.pending }) : t('sync.allSynced')}
      </p>
      {s.state === 'offline' && <p class="sync__offline">{t('sync.offline')}</p>}
      {s.state !== 'not-enrolled' && s.state !== 'disabled' && (
        <>
          <button type="button" class="sync__now" disabled={syncing} onClick={() => void syncNow()}>
            {t('sync.now')}
          </button>
          {syncing && s.progress && (
            <div class="sync__progress">
              <progress max={Math.max(1, s.progress.total)} value={s.progress.sent} />
              <span>{t('sync.syncing', { sent: s.progress.sent, total: s.progress.total })}</span>
            </div>
          )}
          <p class="sync__last">
            {s.lastSyncAt ? t('sync.last', { at: time(s.lastSyncAt, language) }) : t('sync.never')}
          </p>
        </>
      )}
      {s.trustVersion !== null && <p class="sync__trust">{t('sync.trust', { v: s.trustVersion })}</p>}
      {s.lastError && <p class="sync__error">{t('sync.error', { message: s.lastError })}</p>}
      {s.deadLetters.length > 0 && (
        <details class="sync__dead" open>
          <summary>{t('sync.deadTitle', { n: s.deadLetters.length })}</summary>
          <ul>
            {s.deadLetters.map((d) => (
              <li key={d.batchId}>
                {t('sync.dead', {
                  first: d.firstSeq,
                  last: d.lastSeq,
                  message: d.message,
                  error: d.error,
                  at: time(d.parkedAt, language),
                })}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
