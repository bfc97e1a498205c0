// The log model: today's figures and the pending-sync count, read when the log screen opens and after a sync;
// and the reports waiting to send, which the scan screen shows.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { DayStats } from '../store/day-stats.js';

/** What the log screen shows at the top. */
export interface LogbookModel {
  today: ReadonlySignal<DayStats | null>;
  pending: ReadonlySignal<number>;
  total: ReadonlySignal<number>;
  /** Records asking for a report that are not yet synced. */
  reportsWaiting: ReadonlySignal<number>;
  /** Reads the figures again (after a decision, a sync, or when the screen opens). */
  refresh(): Promise<void>;
  /** Reads only the reports-waiting count again (after a reported decision, or when the scan screen opens). */
  refreshReports(): Promise<void>;
}

/** The store queries the log model reads. */
export interface LogbookSource {
  dayStats(day: Date): Promise<DayStats>;
  unsyncedCount(): Promise<number>;
  recordCount(): Promise<number>;
  reportsWaiting(): Promise<number>;
}

/** Creates the log model over the store. */
export function createLogbook(source: LogbookSource, now: () => number = Date.now): LogbookModel {
  const today = signal<DayStats | null>(null);
  const pending = signal(0);
  const total = signal(0);
  const reportsWaiting = signal(0);
  return {
    today,
    pending,
    total,
    reportsWaiting,
    async refresh() {
      const [s, p, t, r] = await Promise.all([
        source.dayStats(new Date(now())),
        source.unsyncedCount(),
        source.recordCount(),
        source.reportsWaiting(),
      ]);
      today.value = s;
      pending.value = p;
      total.value = t;
      reportsWaiting.value = r;
    },
    async refreshReports() {
      reportsWaiting.value = await source.reportsWaiting();
    },
  };
}
