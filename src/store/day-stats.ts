// A day's figures for the log screen, counted on the log's indexes (store/db.ts, version 5): the cost grows with
// the hours of the day and the few records that are not counted as they stand, not with the day's records.
import Dexie from 'dexie';
import { appDb, type CheckpointDb, type StoredRecord } from './db.js';

/** Admitted and denied counts for one local day, in total and per hour (index 0–23). */
export interface DayStats {
  admitted: number;
  denied: number;
  hourly: { admitted: number; denied: number }[];
}

/**
 * Counts of the decisions taken on the local day that contains `day`; a decision amended that day counts once, as
 * amended, and a misread not at all.
 */
export function dayStats(day: Date, db: CheckpointDb = appDb()): Promise<DayStats> {
  // The local hours' bounds, 0 to 24 (on a daylight-saving day one hour is empty or twice as long, as getHours says).
  const bound = Array.from({ length: 25 }, (_, h) =>
    new Date(day.getFullYear(), day.getMonth(), day.getDate(), h).toISOString(),
  );
  const start = bound[0] as string;
  const end = bound[24] as string;
  const hours = bound.slice(0, 24).map((from, h) => [from, bound[h + 1] as string] as const);
  return db.transaction('r', db.records, async () => {
    const [all, admitted, misreads, amending] = await Promise.all([
      Promise.all(hours.map(([a, b]) => db.records.where('at').between(a, b, true, false).count())),
      Promise.all(
        hours.map(([a, b]) =>
          db.records.where('[decision+at]').between(['admit', a], ['admit', b], true, false).count(),
        ),
      ),
      db.records.where('[result+at]').between(['misread', start], ['misread', end], true, false).toArray(),
      db.records.where('[at+amends]').between([start, Dexie.minKey], [end, Dexie.minKey], true, false).keys(),
    ]);
    const stats: DayStats = { admitted: 0, denied: 0, hourly: [] };
    for (const [h, n] of all.entries()) {
      const admit = admitted[h] ?? 0;
      stats.hourly.push({ admitted: admit, denied: n - admit });
    }
    // What the counts took in and should not have: the misreads (they decide nothing about anyone) and the
    // decisions amended the same day (the amendment counts in their place).
    const amended = new Set<string>();
    for (const key of amending) if (Array.isArray(key) && typeof key[1] === 'string') amended.add(key[1]);
    const superseded = await db.records.bulkGet([...amended]);
    const left = new Map<string, StoredRecord>();
    for (const r of misreads) left.set(r.id, r);
    for (const r of superseded) if (r && r.at >= start && r.at < end) left.set(r.id, r);
    for (const r of left.values()) {
      const hour = stats.hourly[new Date(r.at).getHours()];
      if (!hour) continue;
      if (r.decision === 'admit') hour.admitted--;
      else hour.denied--;
    }
    for (const hour of stats.hourly) {
      stats.admitted += hour.admitted;
      stats.denied += hour.denied;
    }
    return stats;
  });
}
