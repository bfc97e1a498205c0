// The device's own identity on this browser profile: a random id made once and kept in the database.
import { v4 as uuidv4 } from 'uuid';
import { appDb, type CheckpointDb } from './db.js';

const KEY = 'deviceId';

/** The device id, created on first call; safe inside a transaction that includes `meta`. */
export async function deviceId(db: CheckpointDb = appDb()): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(KEY);
    if (typeof row?.value === 'string') return row.value;
    const id = uuidv4();
    await db.meta.put({ key: KEY, value: id });
    return id;
  });
}

/** Replaces the device id, as enrolment does when the server assigns one. */
export async function setDeviceId(id: string, db: CheckpointDb = appDb()): Promise<void> {
  await db.meta.put({ key: KEY, value: id });
}
