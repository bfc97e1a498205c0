// The composition root: settings and the shell first, the decision engine beside it, then the app.
import { render } from 'preact';
import { computed, signal } from '@preact/signals';
import * as scanner from './scanner/index.js';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from './store/settings.js';
import { createSettingsModel } from './models/settings.js';
import { App } from './ui/App.js';
import type { Screen } from './ui/context.js';
import { translator } from './ui/i18n/index.js';
import { createFeedback } from './ui/platform/feedback.js';
import { requestPersistence, type Persistence } from './ui/platform/persist.js';
import { registerServiceWorker } from './ui/platform/update.js';
import './ui/styles.css';

async function start(root: HTMLElement): Promise<void> {
  // Opened from an enrolment link: enrol first (src/ui/Enrol), then start with the trust data it loaded.
  if (location.pathname.startsWith('/enrol')) await (await import('./ui/Enrol/boot.js')).enrolIfLinked(root);
  const [savedSettings, { createEngine }] = await Promise.all([
    loadSettings().catch(() => DEFAULT_SETTINGS),
    import('./models/engine.js'),
  ]);
  const settings = createSettingsModel(savedSettings, (s) => saveSettings(s));
  const engine = await createEngine(
    settings,
    createFeedback(() => settings.settings.value, window),
  );
  // Upload and bundle refresh (src/sync) load beside the app, never in the way of the first scan.
  void import('./ui/Sync/wire.js').then((m) =>
    m.startSync({ trust: engine.trust, settings, db: engine.db, logbook: engine.logbook }),
  );

  const clock = signal(Date.now());
  setInterval(() => (clock.value = Date.now()), 30_000);
  const persistence = signal<Persistence | null>(null);
  void requestPersistence().then((p) => (persistence.value = p));
  const updateReady = signal(false);
  const sw = import.meta.env.PROD
    ? registerServiceWorker(
        '/sw.js',
        () => (updateReady.value = true),
        () => engine.checkpoint.current.value !== null,
      )
    : null;
  void engine.logbook.refresh().catch(() => undefined);

  render(
    <App
      services={{
        ...engine,
        settings,
        scanner,
        screen: signal<Screen>('scan'),
        t: computed(() => translator(settings.settings.value.language)),
        persistence,
        updateReady,
        applyUpdate: () => sw?.applyUpdate(),
        clock,
        version: __APP_VERSION__,
      }}
    />,
    root,
  );
}

const root = document.getElementById('app');
if (root) void start(root);
