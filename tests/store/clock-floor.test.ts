// The clock's floor kept on the device (issue 11 item 3): it survives a restart, and only ever rises.
import { describe, expect, it } from 'vitest';
import { loadClockFloor, saveClockFloor } from '../../src/store/clock-floor.js';
import { appendDecision } from '../../src/store/log.js';
import { entry } from '../support/entries.js';
import { freshDb } from '../support/db.js';

const T = Date.parse('2026-11-20T08:00:00Z');

describe('clock floor store', () => {
  it('is 0 on a new device', async () => {
    expect(await loadClockFloor(freshDb())).toBe(0);
  });

  it('keeps the highest floor saved, never a lower one', async () => {
    const db = freshDb();
    await saveClockFloor(T, db);
    await saveClockFloor(T - 3600_000, db);
    expect(await loadClockFloor(db)).toBe(T);
    await saveClockFloor(T + 1000, db);
    expect(await loadClockFloor(db)).toBe(T + 1000);
  });

  it('is at least the time of the newest decision in the log, which is written more often than the floor', async () => {
    const db = freshDb();
    await saveClockFloor(T, db);
    await appendDecision(entry(new Date(T + 60_000).toISOString()), db);
    await appendDecision(entry(new Date(T + 30_000).toISOString()), db);
    expect(await loadClockFloor(db)).toBe(T + 60_000);
  });
});
