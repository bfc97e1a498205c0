// The enrolment screen: opened from the administrator's link, it enrols the device at once and says how it went.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Language } from '../../store/settings.js';
import type { Result } from '../../core/result.js';
import type { EnrolFailure } from '../../sync/enrol.js';
import { translator } from '../i18n/index.js';

/** What the screen reports back on success. */
export interface Enrolled {
  venueName: string;
}

/** Props: the link, the enrol function (browser or test), and where to go when done. */
export interface EnrolScreenProps {
  href: string;
  language: Language;
  enrol(href: string): Promise<Result<Enrolled, EnrolFailure | { kind: 'bad-link'; message: string }>>;
  onDone(): void;
  /** After a successful enrolment, go on to scanning by itself after this long (ms); 0 waits for the button. */
  autoContinueMs?: number;
}

type State =
  { kind: 'working' } | { kind: 'done'; venue: string } | { kind: 'failed'; message: string; retry: boolean };

/** The screen. */
export function EnrolScreen({
  href,
  language,
  enrol,
  onDone,
  autoContinueMs = 1500,
}: EnrolScreenProps): JSX.Element {
  const [state, setState] = useState<State>({ kind: 'working' });
  const [attempt, setAttempt] = useState(0);
  const t = translator(language);

  useEffect(() => {
    let live = true;
    setState({ kind: 'working' });
    void enrol(href).then((r) => {
      if (!live) return;
      if (r.ok) return setState({ kind: 'done', venue: r.value.venueName });
      const e = r.error;
      // The server's own sentence for its refusals (used or expired link…); ours for what went wrong here.
      if (e.kind === 'refused') setState({ kind: 'failed', message: e.message, retry: false });
      else if (e.kind === 'network') setState({ kind: 'failed', message: t('enrol.network'), retry: true });
      else if (e.kind === 'root-mismatch')
        setState({ kind: 'failed', message: t('enrol.rootMismatch'), retry: false });
      else if (e.kind === 'bad-bundle')
        setState({ kind: 'failed', message: t('enrol.badBundle'), retry: false });
      else setState({ kind: 'failed', message: t('enrol.badLink'), retry: false });
    });
    return () => {
      live = false;
    };
  }, [href, attempt]);

  useEffect(() => {
    if (state.kind !== 'done' || autoContinueMs <= 0) return;
    const timer = setTimeout(onDone, autoContinueMs);
    return () => clearTimeout(timer);
  }, [state.kind]);

  let server = href;
  try {
    server = new URL(href).host;
  } catch {
    // Shown as given: the failure message explains the link is incomplete.
  }
  return (
    <section class="enrol" data-enrol={state.kind} aria-live="polite">
      <h1>{t('enrol.title')}</h1>
      {state.kind === 'working' && <p>{t('enrol.working', { server })}</p>}
      {state.kind === 'done' && (
        <>
          <p class="enrol__done">{t('enrol.done', { venue: state.venue })}</p>
          <button type="button" class="enrol__start" onClick={onDone}>
            {t('enrol.start')}
          </button>
        </>
      )}
      {state.kind === 'failed' && (
        <>
          <p class="enrol__error" role="alert">
            {state.message}
          </p>
          {state.retry && (
            <button type="button" onClick={() => setAttempt((n) => n + 1)}>
              {t('enrol.retry')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
