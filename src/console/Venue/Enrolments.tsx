// A venue's enrolment links: make one (shown once, as the server keeps only its hash), see each link's state,
// and expire one that is still open.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Enrolment, Link } from '../../core/console-wire.js';
import type { Language } from '../../store/settings.js';
import { Select } from '../../ui/components/Select.js';
import { dateTime } from '../format.js';
import type { ConsoleTranslate } from '../i18n/index.js';
import './Enrolments.css';

const TTL_HOURS = ['1', '12', '24', '72'] as const;

function stateOf(e: Enrolment, now: number): 'used' | 'expired' | 'open' {
  if (e.used) return 'used';
  return Date.parse(e.expiresAt) <= now ? 'expired' : 'open';
}

/** The enrolment links of a venue and the form that makes one. */
export function Enrolments(props: {
  enrolments: readonly Enrolment[];
  link: Link | null;
  now: number;
  language: Language;
  t: ConsoleTranslate;
  onCreate(ttlHours: number): Promise<boolean>;
  onExpire(id: string): Promise<boolean>;
}): JSX.Element {
  const { t, language } = props;
  const [ttl, setTtl] = useState<(typeof TTL_HOURS)[number]>('24');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<boolean>) => {
    setBusy(true);
    await action();
    setBusy(false);
  };
  return (
    <div class="enrolments">
      <form
        class="enrolments__make"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => props.onCreate(Number(ttl)));
        }}
      >
        <Select
          name="ttl"
          label={t('enrol.ttl')}
          value={ttl}
          options={TTL_HOURS.map((h) => ({ value: h, label: t('enrol.hours', { n: h }) }))}
          onChange={(v) => setTtl(v)}
        />
        <button type="submit" class="button--primary" disabled={busy}>
          {t('enrol.create')}
        </button>
      </form>
      {props.link && (
        <div class="enrolments__new" role="status">
          <p>{t('enrol.new')}</p>
          <input
            readOnly
            name="link"
            value={props.link.link}
            aria-label={t('enrol.new')}
            onFocus={(e) => e.currentTarget.select()}
          />
          <p class="form-note">{t('enrol.until', { time: dateTime(props.link.expiresAt, language) })}</p>
        </div>
      )}
      {props.enrolments.length === 0 ? (
        <p class="empty">{t('enrol.none')}</p>
      ) : (
        <ul class="enrolments__list">
          {props.enrolments.map((e) => {
            const state = stateOf(e, props.now);
            return (
              <li key={e.id} data-enrolment={e.id} data-state={state}>
                <span class={`badge badge--${state}`}>{t(`enrol.state.${state}`)}</span>
                <span>
                  {t('enrol.created', { time: dateTime(e.createdAt, language) })}
                  <br />
                  <small>{t('enrol.until', { time: dateTime(e.expiresAt, language) })}</small>
                </span>
                {state === 'open' && (
                  <button type="button" disabled={busy} onClick={() => void run(() => props.onExpire(e.id))}>
                    {t('enrol.expire')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
