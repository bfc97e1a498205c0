// A report as the console API answers with it (src/core/console-wire.ts): for the fake console server and for the
// server's own answers alike.
import type { Report } from '../../src/core/console-wire.js';

/** A new red-code report at the mall at `at` (ISO), delivered by webhook; `over` changes any field. */
export function report(id: string, at: string, over: Partial<Report> = {}): Report {
  return {
    id,
    venueId: 'v-mall',
    venueName: 'West Lake Mall',
    region: 'CN-ZJ',
    deviceId: 'dev-0123456789abcdef',
    recordId: `rec-${id}`,
    at,
    colour: 'red',
    maskedName: '张*三',
    idLast4: '123X',
    subject: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    rule: 'red-code',
    cite: '003 §17',
    staff: 'S-07',
    state: 'new',
    acknowledgedBy: null,
    acknowledgedAt: null,
    closedBy: null,
    closedAt: null,
    outcome: null,
    delivery: { state: 'delivered', attempts: 1, lastError: null },
    ...over,
  };
}
