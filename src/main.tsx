// The composition root: settings and the shell first, so the scan screen and its camera start at once;
// the decision models (Dexie, the core, the policies) loads beside them and the screens that need it wait.
// The base sheet first: each screen's and component's own sheet comes after it and builds on it.
import './ui/base.css';
import { render } from 'preact';
import { computed, signal } from '@preact/signals';
import * as scanner from './scanner/index.js';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from './store/settings.js';
import { createSettingsModel } from './models/settings.js';
import { deferModels } from './models/deferred.js';
import { App } from './ui/App.js';
import type { Screen } from './ui/context.js';
import { translator } from './ui/i18n/index.js';
import { createFeedback } from './ui/platform/feedback.js';
import { requestPersistence, type Persistence } from './ui/platform/persist.js';

async function start(root: HTMLElement): Promise<void> {
  // Opened from an enrolment link: enrol first (src/ui/Enrol), then start with the trust data it loaded.
  if (location.pathname.startsWith('/enrol')) await (await import('./ui/Enrol/boot.js')).enrolIfLinked(root);
  const modelsModule = import('./models/decision-models.js');
  const settings = createSettingsModel(await loadSettings().catch(() => DEFAULT_SETTINGS), (s) =>
    saveSettings(s),
  );
  const ready = modelsModule.then((m) =>
    m.createDecisionModels(
      settings,
      createFeedback(() => settings.settings.value, window),
    ),
  );
  const { models, failed, scan } = deferModels(ready);
  void ready.then(
    (e) => {
      // Upload and bundle refresh (src/sync) load after the models, never in the way of the first scan.
      void import('./ui/Sync/wire.js').then((m) =>
        m.startSync({ trust: e.trust, settings, db: e.db, logbook: e.logbook }),
      );
    },
    () => undefined,
  );

  const clock = signal(Date.now());
  setInterval(() => (clock.value = Date.now()), 30_000);
  const persistence = signal<Persistence | null>(null);
  void requestPersistence().then((p) => (persistence.value = p));
  const updateReady = signal(false);
  let applyUpdate = (): void => undefined;

  render(
    <App
      services={{
        settings,
        scanner,
        screen: signal<Screen>('scan'),
        t: computed(() => translator(settings.settings.value.language)),
        persistence,
        updateReady,
        applyUpdate: () => applyUpdate(),
        clock,
        version: __APP_VERSION__,
        models,
        modelsFailed: failed,
        decoderReaders: signal(null),
        scan,
      }}
    />,
    root,
  );

  // The service worker's page side (workbox-window) is not needed for the first paint either.
  if (import.meta.env.PROD) {
    const { registerServiceWorker } = await import('./ui/platform/update.js');
    const sw = registerServiceWorker(
      '/sw.js',
      () => (updateReady.value = true),
      () => models.value?.checkpoint.current.value != null,
    );
    if (sw) applyUpdate = () => sw.applyUpdate();
  }
}

const root = document.getElementById('app');
if (root) void start(root);
