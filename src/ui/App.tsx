// The app frame: the current screen, the decision over it, the navigation and the update offer.
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useMemo } from 'preact/hooks';
import { AppContext, ShellContext, useShell, type ShellServices, type Screen } from './context.js';
import { Icon, type IconName } from './components/Icon.js';
import { lazyScreen } from './components/Lazy.js';
import { ModelsLoading } from './components/ModelsLoading.js';
import { Notice } from './components/Notice.js';
import { ScanScreen } from './Scan/ScanScreen.js';
import { ResultScreen } from './Result/ResultScreen.js';
import { announcement } from './Result/reason.js';
import './App.css';

const ManualScreen = lazyScreen(() => import('./Manual/ManualScreen.js').then((m) => m.ManualScreen));
const LogScreen = lazyScreen(() => import('./Log/LogScreen.js').then((m) => m.LogScreen));
const SettingsScreen = lazyScreen(() => import('./Settings/SettingsScreen.js').then((m) => m.SettingsScreen));

/**
 * Loads the screens staff open in the middle of a shift, the log and manual entry, ahead of their first opening
 * (from the service worker's cache, whose thread may first have to start): for after the app's start has settled.
 */
export function preloadScreens(): Promise<void> {
  return Promise.all([LogScreen.preload(), ManualScreen.preload()]).then(() => undefined);
}

const NAV: {
  screen: Screen;
  icon: IconName;
  label: 'nav.scan' | 'nav.manual' | 'nav.log' | 'nav.settings';
}[] = [
  { screen: 'scan', icon: 'scan', label: 'nav.scan' },
  { screen: 'manual', icon: 'manual', label: 'nav.manual' },
  { screen: 'log', icon: 'log', label: 'nav.log' },
  { screen: 'settings', icon: 'settings', label: 'nav.settings' },
];

function Frame(): JSX.Element {
  const shell = useShell();
  const { screen, t, settings, scanner } = shell;
  const tr = t.value;
  const models = shell.models.value;
  const app = useMemo(() => (models ? { ...shell, ...models } : null), [shell, models]);
  const decision = app?.checkpoint.current.value ?? null;
  // Re-checked at every tick of the shell's clock: a clock set back is said before anyone tries to decide.
  const clockCheck = app?.checkpoint.clockCheck(shell.clock.value);

  useEffect(() => {
    document.documentElement.lang = settings.settings.value.language;
  }, [settings.settings.value.language]);

  // The scanner gun types into the page wherever the focus is not a text field, on the scan and decision screens.
  // Listening starts as the scan screen is committed, not after the next paint: a gun that types at once would
  // otherwise lose the beginning of its code (issue 11 item 4).
  const scanning = screen.value === 'scan';
  useLayoutEffect(() => {
    if (!scanning) return;
    const ctl = new AbortController();
    scanner.listenScannerGun(window, (text, cut) => shell.scan(text, 'gun', cut), { signal: ctl.signal });
    return () => ctl.abort();
  }, [scanning]);

  // The scan screen starts its camera while the models load; the other screens wait for it.
  const waiting = <ModelsLoading failed={shell.modelsFailed.value} tr={tr} />;
  return (
    <AppContext.Provider value={app}>
      <div class="app" data-models={app ? 'ready' : 'loading'}>
        {shell.updateReady.value && !decision && (
          <div class="update" role="status">
            <span>{tr('update.ready')}</span>
            <button type="button" onClick={shell.applyUpdate}>
              {tr('update.apply')}
            </button>
          </div>
        )}
        {app && (
          <Notice
            notice={app.checkpoint.notice.value}
            behind={clockCheck && !clockCheck.ok ? clockCheck.error : null}
            now={shell.clock.value}
            language={settings.settings.value.language}
            tr={tr}
            onClose={app.checkpoint.dismissNotice}
          />
        )}
        <main class="screen">
          {screen.value === 'scan' && <ScanScreen />}
          {screen.value === 'manual' && (app ? <ManualScreen /> : waiting)}
          {screen.value === 'log' && (app ? <LogScreen /> : waiting)}
          {screen.value === 'settings' && (app ? <SettingsScreen /> : waiting)}
        </main>
        {decision && <ResultScreen view={decision} />}
        {/* Always in the page, so screen readers announce each decision as its text changes. */}
        <div class="visually-hidden" aria-live="assertive" role="status">
          {decision ? announcement(decision, tr) : ''}
        </div>
        <nav class="nav" aria-label={tr('app.title')}>
          {NAV.map((n) => (
            <button
              type="button"
              key={n.screen}
              class={screen.value === n.screen ? 'nav__item nav__item--on' : 'nav__item'}
              aria-current={screen.value === n.screen ? 'page' : undefined}
              onClick={() => {
                app?.checkpoint.dismiss();
                screen.value = n.screen;
              }}
            >
              <Icon name={n.icon} />
              <span>{tr(n.label)}</span>
            </button>
          ))}
        </nav>
      </div>
    </AppContext.Provider>
  );
}

/** The whole app over its services: the shell at once, the screens that need the models when it has loaded. */
export function App(props: { services: ShellServices }): JSX.Element {
  return (
    <ShellContext.Provider value={props.services}>
      <Frame />
    </ShellContext.Provider>
  );
}
