// A venue as its manager sees it: today's figures and chart, two weeks per hour, the latest reports, the
// devices, the enrolment links and the export by day.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { useConsole } from '../context.js';
import { Figures } from '../components/Figures.js';
import { Problem } from '../components/Problem.js';
import { Select } from '../../ui/components/Select.js';
import { byDay, localDay, METRICS } from '../models/stats.js';
import { STATS_DAYS } from '../models/venue.js';
import { ReportCard } from '../Reports/ReportCard.js';
import { DaysGrid } from './DaysGrid.js';
import { Devices } from './Devices.js';
import { Enrolments } from './Enrolments.js';
import { Export } from './Export.js';
import { StatsChart } from './StatsChart.js';
import './Venue.css';

/** The venue screen. */
export function VenueScreen(): JSX.Element {
  const { venue, session, language, clock, reports, screen } = useConsole();
  const t = language.t.value;
  const lang = language.language.value;
  const venues = session.me.value?.venues ?? [];
  const id = venue.venueId.value ?? venues[0]?.id ?? null;
  const current = venues.find((v) => v.id === id);
  const now = clock.value;

  // Read afresh each time the screen opens; choosing another venue below reads that one.
  useEffect(() => {
    if (!id) return;
    const stop = new AbortController();
    void venue.choose(id, stop.signal);
    return () => stop.abort();
  }, [venue]);

  const days = byDay(venue.stats.value.value?.hours ?? [], now, STATS_DAYS);
  const today = days[days.length - 1];
  const todayKey = localDay(now);
  const error = venue.stats.error.value ?? venue.devices.error.value ?? venue.enrolments.error.value;
  const latest = venue.reports.value.value?.reports ?? [];
  return (
    <section class="venue" aria-labelledby="venue-title">
      <header class="screen-head">
        <h1 id="venue-title">{current?.name ?? t('console.loading')}</h1>
        {current && <p class="screen-head__sub">{current.region}</p>}
        {venues.length > 1 && id && (
          <Select
            name="venue"
            label={t('venue.choose')}
            value={id}
            options={venues.map((v) => ({ value: v.id, label: v.name }))}
            onChange={(v) => void venue.choose(v)}
          />
        )}
      </header>
      <Problem error={error} t={t} onRetry={() => void venue.load()} />
      <Problem error={venue.changeError.value} t={t} />
      <div class="venue__grid">
        <section class="card venue__today" aria-labelledby="venue-today">
          <h2 id="venue-today">{t('venue.today')}</h2>
          {today && (
            <>
              <Figures
                label={t('venue.today')}
                figures={METRICS.map((m) => ({
                  key: m,
                  label: t(`venue.metric.${m}`),
                  value: today.total[m],
                  mark: m,
                }))}
              />
              <StatsChart
                hours={today.hours}
                title={t('venue.todayChart')}
                description={t('venue.chartDesc', { day: todayKey, ...today.total })}
                hourLabel={t('venue.hour')}
                metricLabel={(m) => t(`venue.metric.${m}`)}
                nowHour={new Date(now).getHours()}
              />
            </>
          )}
        </section>
        <section class="card venue__reports" aria-labelledby="venue-reports">
          <h2 id="venue-reports">{t('venue.reports')}</h2>
          {latest.length === 0 && venue.reports.value.value && <p class="empty">{t('venue.noReports')}</p>}
          <ol class="venue__report-list">
            {latest.map((r) => (
              <li key={r.id}>
                <ReportCard report={r} arrived={false} language={lang} t={t} />
              </li>
            ))}
          </ol>
          {id && (
            <button
              type="button"
              onClick={() => {
                void reports.filter({ venue: id, region: '', colour: '', state: '' });
                screen.value = 'reports';
              }}
            >
              {t('venue.allReports')}
            </button>
          )}
        </section>
        <section class="card venue__days" aria-labelledby="venue-days">
          <h2 id="venue-days">{t('venue.days')}</h2>
          <DaysGrid days={days} language={lang} t={t} />
        </section>
        <section class="card venue__devices" aria-labelledby="venue-devices">
          <h2 id="venue-devices">{t('devices.title')}</h2>
          {venue.devices.value.value && (
            <Devices
              devices={venue.devices.value.value.devices}
              now={now}
              t={t}
              onDisable={(d) => venue.disable(d)}
            />
          )}
        </section>
        <section class="card venue__enrol" aria-labelledby="venue-enrol">
          <h2 id="venue-enrol">{t('enrol.title')}</h2>
          <Enrolments
            enrolments={venue.enrolments.value.value?.enrolments ?? []}
            link={venue.link.value}
            now={now}
            language={lang}
            t={t}
            onCreate={(h) => venue.createEnrolment(h)}
            onExpire={(e) => venue.expireEnrolment(e)}
          />
        </section>
        {id && (
          <section class="card venue__export" aria-labelledby="venue-export">
            <h2 id="venue-export">{t('export.title')}</h2>
            <Export now={now} days={STATS_DAYS} venueId={id} url={(d) => venue.exportUrl(d)} t={t} />
          </section>
        )}
      </div>
    </section>
  );
}
