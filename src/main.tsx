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
import { App, preloadScreens } from './ui/App.js';
import type { Screen } from './ui/context.js';
import { translator } from './ui/i18n/index.js';
import { afterNextPaint, createFeedback } from './ui/platform/feedback.js';
import { requestPersistence, type Persistence } from './ui/platform/persist.js';
import { afterStart } from './ui/platform/settle.js';

async function start(root: HTMLElement): Promise<void> {
  // Opened from an enrolment link: enrol first (src/ui/Enrol), then start with the trust data it loaded.
  if (location.pathname.startsWith('/enrol')) await (await import('./ui/Enrol/boot.js')).enrolIfLinked(root);
  // The decoder and the camera are not started here, before the first paint (scanner.startEarly could): on the
  // bench's 2-core machine under load that moved CPU work in front of the models rather than overlapping it
  // (docs/performance.md, session 5). The scan screen starts them.
  const saved = loadSettings().catch(() => DEFAULT_SETTINGS);
  const modelsModule = import('./models/decision-models.js');
  const initial = await saved;
  const settings = createSettingsModel(initial, (s) => saveSettings(s));
  const feedback = createFeedback(() => settings.settings.value, window);
  const ready = modelsModule.then((m) =>
    m.createDecisionModels(settings, (decision) => afterNextPaint(() => feedback(decision))),
  );
  const { models, failed, scan } = deferModels(ready);
  const screen = signal<Screen>('scan');
  // What the first decision does not need waits until the start has settled (src/ui/platform/settle.ts).
  const settled = ready.then((e) => afterStart({ decision: e.checkpoint.current, screen }));
  // Upload and bundle refresh (src/sync) load after the start, never in the way of the first scan.
  void settled
    .then(() => Promise.all([ready, import('./ui/Sync/wire.js')]))
    .then(
      ([e, wire]) => wire.startSync({ trust: e.trust, settings, db: e.db, logbook: e.logbook }),
      () => undefined,
    );

  // So is the code of the screens opened mid-shift: loaded then, the first opening of the log does not wait for it.
  // Only from the service worker's cache: a module import that failed stays failed in the page, so a preload made
  // offline before the worker controls the page (just after enrolment) would break a later opening from the cache.
  void settled.then(
    () => (navigator.serviceWorker?.controller ? preloadScreens() : undefined),
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
        screen,
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

  // The service worker's page side (workbox-window) is not needed for the first decision either. (Without the
  // models there is no decision to wait for: the page registers anyway.)
  if (import.meta.env.PROD) {
    await settled.catch(() => undefined);
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
