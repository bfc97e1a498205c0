// What every console screen can reach: the models, handed down from main.tsx. Screens read this context; the
// components they draw take props and callbacks.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ReadonlySignal, Signal } from '@preact/signals';
import type { Summary } from '../core/console-wire.js';
import type { LanguageModel } from './models/language.js';
import type { Remote } from './models/remote.js';
import type { ReportsModel } from './models/reports.js';
import type { SessionModel } from './models/session.js';
import type { VenueModel } from './models/venue.js';

/** The screens of the console (a manager has Venue and Reports; the authority Reports and Overview). */
export type ConsoleScreen = 'venue' | 'reports' | 'summary';

/** The console's models and the few browser things its screens use. */
export interface ConsoleServices {
  session: SessionModel;
  language: LanguageModel;
  reports: ReportsModel;
  venue: VenueModel;
  summary: Remote<Summary>;
  /** The screen chosen in the tabs; null opens the role's first. */
  screen: Signal<ConsoleScreen | null>;
  /** Milliseconds since the epoch, ticking every 30 s so ages on screen stay current. */
  clock: ReadonlySignal<number>;
  /** The document whose visibility starts and stops live updates. */
  doc: Document;
}

/** The console's services. */
export const ConsoleContext = createContext<ConsoleServices | null>(null);

/** The console's services, inside <Console>. */
export function useConsole(): ConsoleServices {
  const c = useContext(ConsoleContext);
  if (!c) throw new Error('useConsole outside <Console>');
  return c;
}
