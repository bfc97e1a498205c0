// Sign-in: what is happening (checking the session, signing in with the link's token), why it failed, and
// otherwise how to get in (a one-time link from `checkpoint console grant`).
import type { JSX } from 'preact';
import { useConsole } from '../context.js';
import { Problem } from '../components/Problem.js';
import './SignIn.css';

/** The sign-in screen. */
export function SignInScreen(): JSX.Element {
  const { session, language } = useConsole();
  const t = language.t.value;
  const state = session.state.value;
  const busy = state === 'checking' || state === 'signing-in';
  return (
    <section class="signin card" aria-labelledby="signin-title" aria-busy={busy}>
      <h1 id="signin-title">{t('signin.title')}</h1>
      {busy ? (
        <p role="status">{t(state === 'checking' ? 'signin.checking' : 'signin.signingIn')}</p>
      ) : (
        <>
          <Problem error={session.error.value} t={t} />
          <p>{t('signin.how')}</p>
        </>
      )}
    </section>
  );
}
