// Wires the sync syncer into the running app: verified bundles replace the trust model's snapshot and the venue
// settings; the widget is available to any screen as <SyncPanel /> without new context plumbing.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { SettingsModel } from '../../models/settings.js';
import type { TrustModel } from '../../models/trust.js';
import type { CheckpointDb } from '../../store/db.js';
import { browserSyncEngine } from '../../sync/browser.js';
import type { Syncer } from '../../sync/syncer.js';
import { snapshotOf, venueSettings } from '../../sync/storage.js';
import type { Language } from '../../store/settings.js';
import { SyncWidget } from './SyncWidget.js';

// A signal: the log screen may open before the app starts syncing (main.tsx starts it once the start has settled).
const running = signal<Syncer | null>(null);

// Enrolment (src/ui/Enrol/boot.tsx) takes the venue settings from here too.
export { venueSettings };

/** Starts syncing (on `online`, every 5 minutes, and now); returns the syncer. */
export function startSync(deps: {
  trust: TrustModel;
  settings: SettingsModel;
  db: CheckpointDb;
  logbook?: { refresh(): Promise<void>; reportsWaiting?: ReadonlySignal<number> };
}): Syncer {
  const syncer = browserSyncEngine(
    (state) => {
      void deps.trust.replace(snapshotOf(state));
      void deps.settings.fromServer(venueSettings(state));
    },
    deps.db,
    () => void deps.logbook?.refresh().catch(() => undefined),
  );
  syncer.start(window);
  // A new report waiting goes out at once (003 §17: reported at once), not at the next timer; offline, the run
  // says so at once and the `online` event sends it later.
  let waiting = 0;
  deps.logbook?.reportsWaiting?.subscribe((n) => {
    if (n > waiting) void syncer.syncNow();
    waiting = n;
  });
  running.value = syncer;
  return syncer;
}

/** The sync widget for the running syncer, in `language`; nothing before startSync. */
export function SyncPanel(props: { language: Language }): JSX.Element | null {
  const syncer = running.value;
  useEffect(() => {
    if (!syncer) return;
    void syncer.refresh();
    // Decisions are logged all the time: keep the pending count current while the panel is shown.
    const timer = setInterval(() => void syncer.refresh(), 5000);
    return () => clearInterval(timer);
  }, [syncer]);
  if (!syncer) return null;
  return <SyncWidget status={syncer.status} syncNow={syncer.syncNow} language={props.language} />;
}
