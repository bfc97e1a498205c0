// The authority's overview: the trust data in force (version, issuers, revocations), the devices that have
// been offline longer than the maximum offline age, and where red and yellow codes turned up in the last day.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { formatAge } from '../../ui/i18n/translate.js';
import { useConsole } from '../context.js';
import { Figures } from '../components/Figures.js';
import { Problem } from '../components/Problem.js';
import { shortId } from '../format.js';
import { AbnormalGrid } from './AbnormalGrid.js';
import './Summary.css';

/** The overview screen. */
export function SummaryScreen(): JSX.Element {
  const { summary, session, language, clock } = useConsole();
  const t = language.t.value;
  const now = clock.value;
  const s = summary.value.value;
  const venueName = new Map((session.me.value?.venues ?? []).map((v) => [v.id, v.name]));

  useEffect(() => {
    const stop = new AbortController();
    void summary.load(stop.signal);
    return () => stop.abort();
  }, [summary]);

  return (
    <section class="summary" aria-labelledby="summary-title">
      <header class="screen-head">
        <h1 id="summary-title">{t('summary.title')}</h1>
      </header>
      <Problem error={summary.error.value} t={t} onRetry={() => void summary.load()} />
      {!s && !summary.error.value && <p class="empty">{t('console.loading')}</p>}
      {s && (
        <div class="summary__grid">
          <Figures
            label={t('summary.title')}
            figures={[
              { key: 'trust', label: t('summary.trustVersion'), value: s.trustVersion },
              { key: 'issuers', label: t('summary.issuers'), value: s.issuers.length },
              { key: 'revocations', label: t('summary.revocations'), value: s.revocations },
              {
                key: 'stale',
                label: t('summary.stale'),
                value: s.staleDevices.length,
                warn: s.staleDevices.length > 0,
              },
            ]}
          />
          <section class="card summary__abnormal" aria-labelledby="summary-grid">
            <h2 id="summary-grid">{t('summary.grid')}</h2>
            <AbnormalGrid counts={s.byVenueHour} now={now} t={t} />
          </section>
          <section class="card" aria-labelledby="summary-stale">
            <h2 id="summary-stale">{t('summary.stale')}</h2>
            {s.staleDevices.length === 0 ? (
              <p class="empty">{t('summary.staleNone')}</p>
            ) : (
              <ul class="summary__list">
                {s.staleDevices.map((d) => (
                  <li key={d.id} data-device={d.id}>
                    <span title={d.id}>{shortId(d.id)}</span>
                    <span>{venueName.get(d.venueId) ?? d.venueId}</span>
                    <span class="summary__age">
                      {d.lastSyncAt
                        ? t('devices.ago', { age: formatAge((now - Date.parse(d.lastSyncAt)) / 1000, t) })
                        : t('devices.never')}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" aria-labelledby="summary-issuers">
            <h2 id="summary-issuers">{t('summary.issuers')}</h2>
            <ul class="summary__list">
              {s.issuers.map((i) => (
                <li key={`${i.iss}/${i.kid}`}>
                  <strong>{i.iss}</strong>
                  <code>{i.kid}</code>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </section>
  );
}
