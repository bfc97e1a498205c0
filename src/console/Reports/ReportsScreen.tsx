// The report queue: live while the page is visible (changes asked for every 5 s), newest first, filtered; the
// authority acknowledges and closes here, a manager reads the state of their venues' reports.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { useConsole } from '../context.js';
import { Problem } from '../components/Problem.js';
import { clockTime } from '../format.js';
import { Filters } from './Filters.js';
import { ReportCard } from './ReportCard.js';
import '../components/tiles.css';
import './Reports.css';

/** How often the queue asks for changes while visible. */
export const POLL_MS = 5000;

/** The reports screen. */
export function ReportsScreen(): JSX.Element {
  const { reports, session, language, doc } = useConsole();
  const t = language.t.value;
  const lang = language.language.value;
  const me = session.me.value;
  const authority = me?.role === 'authority';

  useEffect(() => {
    const stop = new AbortController();
    reports.live({ everyMs: POLL_MS, doc, signal: stop.signal });
    return () => stop.abort();
  }, [reports, doc]);

  const heard = reports.heardAt.value;
  const list = reports.reports.value;
  return (
    <section class="reports" aria-labelledby="reports-title">
      <header class="screen-head">
        <h1 id="reports-title">{t('reports.title')}</h1>
        <p class="live" role="status" data-live={heard ? 'on' : 'off'}>
          <i class="live__dot" aria-hidden="true" />
          {heard ? t('reports.live', { time: clockTime(heard, lang) }) : t('reports.connecting')}
        </p>
      </header>
      <Filters
        filters={reports.filters.value}
        venues={me?.venues ?? []}
        t={t}
        onChange={(patch) => void reports.filter(patch)}
      />
      <Problem error={reports.error.value} t={t} onRetry={() => void reports.load()} />
      {list.length === 0 && heard !== null && <p class="empty">{t('reports.empty')}</p>}
      <ol class="tiles reports__list">
        {list.map((r) => (
          <li key={r.id}>
            <ReportCard
              report={r}
              arrived={reports.arrived.value.has(r.id)}
              language={lang}
              t={t}
              {...(authority ? { actions: reports } : {})}
            />
          </li>
        ))}
      </ol>
      {reports.more.value && (
        <button type="button" class="reports__more" onClick={() => void reports.loadMore()}>
          {t('reports.more')}
        </button>
      )}
    </section>
  );
}
