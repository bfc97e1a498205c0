// The console's frame: the header (who is signed in, the language, sign out), the tabs of the role's screens,
// and the current screen; sign-in until there is a session.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ConsoleRole } from '../core/console-wire.js';
import { Select } from '../ui/components/Select.js';
import { LANGUAGES } from '../ui/i18n/translate.js';
import { ConsoleContext, useConsole, type ConsoleScreen, type ConsoleServices } from './context.js';
import { ReportsScreen } from './Reports/ReportsScreen.js';
import { SignInScreen } from './SignIn/SignInScreen.js';
import { SummaryScreen } from './Summary/SummaryScreen.js';
import { VenueScreen } from './Venue/VenueScreen.js';
import './Console.css';

/** The screens of each role, the first one opening first. */
export const SCREENS: Record<ConsoleRole, readonly ConsoleScreen[]> = {
  manager: ['venue', 'reports'],
  authority: ['reports', 'summary'],
};

function Frame(): JSX.Element {
  const { session, language, screen } = useConsole();
  const t = language.t.value;
  const me = session.me.value;
  const tabs = me ? SCREENS[me.role] : [];
  const current = screen.value && tabs.includes(screen.value) ? screen.value : tabs[0];

  useEffect(() => {
    document.documentElement.lang = language.language.value;
    document.title = t('console.title');
  }, [language.language.value]);

  return (
    <div class="console" data-role={me?.role ?? 'none'}>
      <header class="top">
        <div class="top__who">
          <strong>{t('console.title')}</strong>
          {me && (
            <span data-me={me.role}>
              {t(`console.role.${me.role}`)} · {me.label}
            </span>
          )}
        </div>
        <div class="top__tools">
          <Select
            name="language"
            label={t('console.language')}
            value={language.language.value}
            options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
            onChange={(l) => language.choose(l)}
          />
          {me && (
            <button type="button" class="top__out" onClick={() => void session.signOut()}>
              {t('console.signOut')}
            </button>
          )}
        </div>
      </header>
      {me && (
        <nav class="tabs" aria-label={t('console.title')}>
          {tabs.map((s) => (
            <button
              type="button"
              key={s}
              class={s === current ? 'tab tab--on' : 'tab'}
              aria-current={s === current ? 'page' : undefined}
              data-screen={s}
              onClick={() => (screen.value = s)}
            >
              {t(`console.nav.${s}`)}
            </button>
          ))}
        </nav>
      )}
      <main class="page">
        {!me && <SignInScreen />}
        {current === 'venue' && <VenueScreen />}
        {current === 'reports' && <ReportsScreen />}
        {current === 'summary' && <SummaryScreen />}
      </main>
    </div>
  );
}

/** The whole console over its services. */
export function Console(props: { services: ConsoleServices }): JSX.Element {
  return (
    <ConsoleContext.Provider value={props.services}>
      <Frame />
    </ConsoleContext.Provider>
  );
}
