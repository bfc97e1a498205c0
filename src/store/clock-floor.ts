// The clock's floor on the device (src/core/clock-floor.ts), in the database's meta table: raised, never lowered.
import { raiseFloor } from '../core/clock-floor.js';
import { appDb, type CheckpointDb } from './db.js';

/** The meta key of the stored floor. */
export const CLOCK_FLOOR = 'clockFloor';

const stored = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * The floor the device has kept (ms since the epoch): the stored one, or its newest record's time if later, since
 * every decision is a moment the clock has passed and the records are written more often than the floor.
 */
export async function loadClockFloor(db: CheckpointDb = appDb()): Promise<number> {
  const [row, newest] = await Promise.all([db.meta.get(CLOCK_FLOOR), db.records.orderBy('at').last()]);
  return raiseFloor(stored(row?.value), newest ? Date.parse(newest.at) : Number.NaN);
}

/** Raises the stored floor to `ms`; a lower value (another tab behind this one) leaves it as it is. */
export async function saveClockFloor(ms: number, db: CheckpointDb = appDb()): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const was = stored((await db.meta.get(CLOCK_FLOOR))?.value);
    if (ms > was) await db.meta.put({ key: CLOCK_FLOOR, value: ms });
  });
}
