// What every screen can reach: the models and the few browser services, handed down from main.tsx. Only screens
// read these contexts; the components they draw take props and callbacks.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ReadonlySignal, Signal } from '@preact/signals';
import type * as Scanner from '../scanner/index.js';
import type { EarlyStart, Reader, ReaderStatus } from '../scanner/index.js';
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

/** The decision models: there once the log database and the core have loaded (src/models/decision-models.ts). */
export interface ModelServices {
  checkpoint: CheckpointModel;
  trust: TrustModel;
  logbook: LogbookModel;
  log: LogQueries;
}

/** What the shell has from its first paint, before the decision models have loaded. */
export interface ShellServices {
  settings: SettingsModel;
  scanner: ScannerPort;
  screen: Signal<Screen>;
  t: ReadonlySignal<Translate>;
  persistence: ReadonlySignal<Persistence | null>;
  updateReady: ReadonlySignal<boolean>;
  applyUpdate(): void;
  /** Milliseconds since the epoch (a signal that ticks every 30 s, so ages on screen stay current). */
  clock: ReadonlySignal<number>;
  version: string;
  /** The decision models, null while they load. */
  models: ReadonlySignal<ModelServices | null>;
  /** The decoder and camera main.tsx started before the first paint, for the first scan screen to take over. */
  early?: EarlyStart;
  /** Which decoding engines the scan screen's worker can run; null until it has started one. */
  decoderReaders: Signal<Record<Reader, ReaderStatus> | null>;
  /** Why the decision models could not load; null while they load and once they have. */
  modelsFailed: ReadonlySignal<string | null>;
  /**
   * Hands a code to the checkpoint, waiting for the models if they are still loading: nothing scanned is lost.
   * `cut`: the gun stalled inside the read or lost its beginning.
   */
  scan(text: string, from: 'camera' | 'gun', cut?: boolean): void;
}

/** Everything the screens share once the decision models are there. */
export type AppServices = ShellServices & ModelServices;

/** The shell's services, from the first paint. */
export const ShellContext = createContext<ShellServices | null>(null);

/** The services with the decision models; null while they load. */
export const AppContext = createContext<AppServices | null>(null);

/** The shell's services, inside <App>. */
export function useShell(): ShellServices {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('useShell outside <App>');
  return shell;
}

/** The services with the decision models, or null while they load (for what the shell shows before). */
export function useAppIfLoaded(): AppServices | null {
  return useContext(AppContext);
}

/** The services with the decision models, in screens that App shows only once they have loaded. */
export function useApp(): AppServices {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp before the decision models have loaded');
  return app;
}
