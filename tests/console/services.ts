// The console's services over a fake server, composed as src/console/main.tsx composes them, with a fixed
// clock, a document whose visibility the test controls, and a memory for the language.
import { signal } from '@preact/signals';
import { createConsoleApi } from '../../src/console/api.js';
import type { ConsoleScreen, ConsoleServices } from '../../src/console/context.js';
import { createLanguage } from '../../src/console/models/language.js';
import { remote } from '../../src/console/models/remote.js';
import { createReports } from '../../src/console/models/reports.js';
import { createSession, type SessionModel } from '../../src/console/models/session.js';
import { createVenue } from '../../src/console/models/venue.js';
import type { Language } from '../../src/store/settings.js';
import { device, fakeApi, hour, report, type FakeApi, type FakeState } from './fake-api.js';

/** The console's "now": 20 November 2026, 15:30 local time. */
export const NOW = new Date(2026, 10, 20, 15, 30).getTime();

/** A local hour of 20 November (or another day of November) as ISO. */
export const at = (h: number, day = 20) => new Date(2026, 10, day, h).toISOString();

/** A visible document stand-in (live updates start at once and run until unmounted). */
export function visibleDoc(): Document {
  const d = new EventTarget() as EventTarget & { visibilityState: string };
  d.visibilityState = 'visible';
  return d as unknown as Document;
}

/** A busy day at the mall: figures, devices (one in trouble), reports in every state, the authority's summary. */
export function busyVenue(): Partial<FakeState> {
  return {
    hours: [
      hour(at(8), { admits: 31, denies: 2 }),
      hour(at(9), { admits: 58, denies: 4, reports: 1, overrides: 1 }),
      hour(at(10), { admits: 44, denies: 1, manual: 2 }),
      hour(at(14), { admits: 25, denies: 3, reports: 2 }),
      hour(at(12, 19), { admits: 61, denies: 2, reports: 1 }),
    ],
    devices: [
      device('dev-gate-1', { label: 'North gate' }),
      device('dev-gate-2', { label: 'Car park', pendingGaps: 2, forks: 1, staff: null }),
    ],
    reports: [
      report('r-new', at(14), { colour: 'red' }),
      report('r-ack', at(9), {
        colour: 'yellow',
        state: 'acknowledged',
        acknowledgedBy: 'zj-cdc',
        acknowledgedAt: at(10),
        maskedName: '李*',
        idLast4: '0021',
      }),
    ],
    summary: {
      trustVersion: 12,
      issuers: [{ iss: 'CN-ZJ', kid: 'zj-2026-1' }],
      revocations: 3,
      byVenueHour: [
        { venueId: 'v-mall', venueName: 'West Lake Mall', hour: at(14), red: 2, yellow: 0 },
        { venueId: 'v-station', venueName: 'Ningbo Station', hour: at(9), red: 0, yellow: 1 },
      ],
      staleDevices: [{ id: 'dev-station-9', venueId: 'v-station', lastSyncAt: at(8, 17) }],
    },
  };
}

/** The services, the fake server behind them, and what the language memory holds. */
export interface ConsoleRig {
  services: ConsoleServices;
  fake: FakeApi;
  remembered: Language[];
}

/** Builds the console's services over a fake server holding `state`. */
export function consoleRig(state: Partial<FakeState> = {}, language: Language = 'en'): ConsoleRig {
  const fake = fakeApi(state);
  const holder: { session: SessionModel | null } = { session: null };
  const api = createConsoleApi({ fetch: fake.fetch, onSignedOut: () => holder.session?.ended() });
  const session = createSession(api);
  holder.session = session;
  const remembered: Language[] = [];
  return {
    fake,
    remembered,
    services: {
      session,
      language: createLanguage(language, (l) => remembered.push(l)),
      reports: createReports(api, () => NOW),
      venue: createVenue(api),
      summary: remote((s) => api.summary(s)),
      screen: signal<ConsoleScreen | null>(null),
      clock: signal(NOW),
      doc: visibleDoc(),
    },
  };
}
