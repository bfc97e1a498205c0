// What every screen can reach: the models and the few browser services, handed down from main.tsx.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ReadonlySignal, Signal } from '@preact/signals';
import type * as Scanner from '../scanner/index.js';
import type { CheckpointModel } from '../models/checkpoint.js';
import type { LogbookModel } from '../models/logbook.js';
import type { SettingsModel } from '../models/settings.js';
import type { TrustModel } from '../models/trust.js';
import type { StoredRecord } from '../store/db.js';
import type { Translate } from './i18n/index.js';
import type { Persistence } from './platform/persist.js';

/** The screens of the app (the decision screen shows over Scan whenever there is a decision). */
export type Screen = 'scan' | 'manual' | 'log' | 'settings';

/** The scanner functions the scan screen uses (tests pass fakes). */
export type ScannerPort = Pick<
  typeof Scanner,
  'startCamera' | 'startScanning' | 'createDecoder' | 'pauseWhenHidden' | 'listenScannerGun'
>;

/** The log queries the log screen uses. */
export interface LogQueries {
  recordsPage(offset: number, limit: number): Promise<StoredRecord[]>;
  searchLast4(last4: string): Promise<StoredRecord[]>;
}

/** Everything the screens share. */
export interface AppServices {
  checkpoint: CheckpointModel;
  settings: SettingsModel;
  trust: TrustModel;
  logbook: LogbookModel;
  log: LogQueries;
  scanner: ScannerPort;
  screen: Signal<Screen>;
  t: ReadonlySignal<Translate>;
  persistence: ReadonlySignal<Persistence | null>;
  updateReady: ReadonlySignal<boolean>;
  applyUpdate(): void;
  /** Milliseconds since the epoch (a signal that ticks each minute, so ages on screen stay current). */
  clock: ReadonlySignal<number>;
  version: string;
}

/** The context carrying the services. */
export const AppContext = createContext<AppServices | null>(null);

/** The services, inside <App>. */
export function useApp(): AppServices {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <AppContext.Provider>');
  return app;
}
