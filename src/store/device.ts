// The device's own identity on this browser profile: a random id made once and kept in the database.
import { v4 as uuidv4 } from 'uuid';
import {
  appDb,
  CHAIN_HEAD,
  chainHeadFromRecords,
  DEVICE_ID,
  type ChainHead,
  type CheckpointDb,
} from './db.js';

/** The device id, created on first call; safe inside a transaction that includes `meta`. */
export async function deviceId(db: CheckpointDb = appDb()): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(DEVICE_ID);
    if (typeof row?.value === 'string') return row.value;
    const id = uuidv4();
    await db.meta.put({ key: DEVICE_ID, value: id });
    return id;
  });
}

/** Replaces the device id, as enrolment does when the server assigns one; its chain goes on from its own records. */
export async function setDeviceId(id: string, db: CheckpointDb = appDb()): Promise<void> {
  await db.transaction('rw', db.records, db.meta, async () => {
    const head = await chainHeadFromRecords(db.records, id);
    await db.meta.bulkPut([
      { key: DEVICE_ID, value: id },
      { key: CHAIN_HEAD, value: head },
    ]);
  });
}

/** Stores the chain head as the device's records say it is (where it is missing or stale), and returns it. */
export function rebuildChainHead(db: CheckpointDb = appDb()): Promise<ChainHead> {
  return db.transaction('rw', db.records, db.meta, async () => {
    const head = await chainHeadFromRecords(db.records, await deviceId(db));
    await db.meta.put({ key: CHAIN_HEAD, value: head });
    return head;
  });
}
