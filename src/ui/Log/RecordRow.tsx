// One record in the log list: time, decision, masked name, last 4, and whether it was overridden or is unsynced.
import type { JSX } from 'preact';
import type { StoredRecord } from '../../store/db.js';
import type { Language } from '../../store/settings.js';
import type { Translate } from '../i18n/index.js';
import './RecordRow.css';

/** A log row; a placeholder while its page is loading (`record` undefined). */
export function RecordRow(props: {
  record: StoredRecord | undefined;
  language: Language;
  tr: Translate;
}): JSX.Element {
  const { tr } = props;
  const r = props.record;
  if (!r) return <div class="row row--loading" aria-busy="true" />;
  const time = new Date(r.at).toLocaleTimeString(props.language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  // A misread decided nothing about anyone: it is listed, but neither as an admit nor as a deny.
  const misread = r.result === 'misread';
  return (
    <div class={`row row--${misread ? 'misread' : r.decision}`} data-record={r.id}>
      <span class="row__time">{time}</span>
      <span class="row__decision">
        {tr(misread ? 'log.misread' : r.decision === 'admit' ? 'decision.admit' : 'decision.deny')}
      </span>
      <span class="row__who">
        {r.maskedName ?? '—'} {r.idLast4 ? `· ${r.idLast4}` : ''}
      </span>
      <span class="row__tags">
        {r.override && <em>{tr('log.override')}</em>}
        {r.synced === 0 && <span aria-label={tr('log.pending')}>●</span>}
      </span>
    </div>
  );
}
