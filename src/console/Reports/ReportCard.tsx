// One report as a card: the colour (word and stripe, not colour alone), who (masked name, last 4, pseudonymous
// id), where and when, the rule and its paragraph, its state and history, the webhook's delivery, and for the
// authority the buttons that acknowledge and close it.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Report } from '../../core/console-wire.js';
import type { Language } from '../../store/settings.js';
import type { ApiError, ApiResult } from '../api.js';
import { Problem } from '../components/Problem.js';
import { dateTime, shortId } from '../format.js';
import type { ConsoleTranslate } from '../i18n/index.js';
import { CloseForm } from './CloseForm.js';
import '../components/tiles.css';
import './ReportCard.css';

/** What the authority can do to a report (absent for a manager, who only reads). */
export interface ReportActions {
  acknowledge(id: string): Promise<ApiResult<Report>>;
  close(id: string, outcome: string): Promise<ApiResult<Report>>;
}

function delivery(r: Report, t: ConsoleTranslate): string | null {
  const d = r.delivery;
  if (d.state === 'none') return null;
  if (d.state === 'delivered') return t('reports.delivery.delivered');
  if (d.state === 'pending') return t('reports.delivery.pending', { n: d.attempts + 1 });
  return t('reports.delivery.failed', { n: d.attempts, error: d.lastError ?? '' });
}

/** A report card. */
export function ReportCard(props: {
  report: Report;
  arrived: boolean;
  language: Language;
  t: ConsoleTranslate;
  actions?: ReportActions;
}): JSX.Element {
  const { report: r, t, language, actions } = props;
  const [closing, setClosing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const none = t('console.none');
  const act = async (run: () => Promise<ApiResult<Report>>) => {
    setBusy(true);
    const result = await run();
    setBusy(false);
    setError(result.ok ? null : result.error);
    if (result.ok) setClosing(false);
  };
  const sent = delivery(r, t);
  return (
    <article class={`tile report report--${r.colour}`} data-report={r.id} data-state={r.state}>
      <header class="report__head">
        <span class="report__colour">{t(`reports.colour.${r.colour}`)}</span>
        <span class={`badge badge--${r.state}`}>{t(`reports.state.${r.state}`)}</span>
        {props.arrived && <span class="badge badge--arrived">{t('reports.arrived')}</span>}
        <time dateTime={r.at}>{dateTime(r.at, language)}</time>
      </header>
      <p class="report__who">
        <strong>{r.maskedName ?? none}</strong>
        <span>
          {t('reports.idLast4')} <b>{r.idLast4 ?? none}</b>
        </span>
      </p>
      <p class="report__where">
        {r.venueName} · {r.region}
      </p>
      <dl class="facts report__facts">
        <dt>{t('reports.rule')}</dt>
        <dd>
          {r.rule} <cite>{r.cite}</cite>
        </dd>
        <dt>{t('reports.subject')}</dt>
        <dd title={r.subject ?? undefined}>{r.subject ? shortId(r.subject) : none}</dd>
        <dt>{t('reports.staff')}</dt>
        <dd>{r.staff ?? none}</dd>
        <dt>{t('reports.device')}</dt>
        <dd title={r.deviceId}>{shortId(r.deviceId)}</dd>
      </dl>
      {(r.acknowledgedAt || r.closedAt) && (
        <ul class="report__history">
          {r.acknowledgedAt && (
            <li>
              {t('reports.ackedBy', {
                who: r.acknowledgedBy ?? none,
                time: dateTime(r.acknowledgedAt, language),
              })}
            </li>
          )}
          {r.closedAt && (
            <li>
              {t('reports.closedBy', {
                who: r.closedBy ?? none,
                time: dateTime(r.closedAt, language),
                outcome: r.outcome ?? none,
              })}
            </li>
          )}
        </ul>
      )}
      {sent && <p class={`report__delivery report__delivery--${r.delivery.state}`}>{sent}</p>}
      <Problem error={error} t={t} />
      {actions && r.state !== 'closed' && !closing && (
        <div class="report__actions">
          {r.state === 'new' && (
            <button
              type="button"
              class="button--primary"
              disabled={busy}
              onClick={() => void act(() => actions.acknowledge(r.id))}
            >
              {t('reports.acknowledge')}
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => setClosing(true)}>
            {t('reports.close')}
          </button>
        </div>
      )}
      {actions && closing && (
        <CloseForm
          t={t}
          busy={busy}
          onClose={(outcome) => void act(() => actions.close(r.id, outcome))}
          onCancel={() => setClosing(false)}
        />
      )}
    </article>
  );
}
