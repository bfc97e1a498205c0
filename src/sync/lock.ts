// One uploader across tabs: the Web Locks API where the browser has it, else a lease in the database.
import type { CheckpointDb } from '../store/db.js';

/** Runs `fn` only if no other tab holds the lock; resolves null when the lock is busy. */
export type TryLock = <T>(fn: () => Promise<T>) => Promise<T | null>;

/** The Web Locks lock (released by the browser even when a tab dies mid-upload). */
export function webLock(name: string, locks: LockManager): TryLock {
  return (fn) => locks.request(name, { ifAvailable: true }, async (lock) => (lock ? fn() : null));
}

interface Lease {
  owner: string;
  until: number;
}

/**
 * A lease in the meta table for browsers without Web Locks: taken in a transaction, renewed while held,
 * and free again when it runs out, so a tab that died does not block uploads for longer than `ttlMs`.
 */
export function leaseLock(
  db: CheckpointDb,
  name: string,
  ttlMs = 30_000,
  now: () => number = Date.now,
): TryLock {
  const owner = Math.random().toString(36).slice(2);
  const key = `lock.${name}`;
  const take = () =>
    db.transaction('rw', db.meta, async () => {
      const lease = (await db.meta.get(key))?.value as Lease | undefined;
      if (lease && lease.owner !== owner && lease.until > now()) return false;
      await db.meta.put({ key, value: { owner, until: now() + ttlMs } satisfies Lease });
      return true;
    });
  return async (fn) => {
    if (!(await take())) return null;
    const renew = setInterval(() => void take(), ttlMs / 3);
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await db.transaction('rw', db.meta, async () => {
        const lease = (await db.meta.get(key))?.value as Lease | undefined;
        if (lease?.owner === owner) await db.meta.delete(key);
      });
    }
  };
}

/** The best lock this browser offers. */
export function tabLock(db: CheckpointDb, name = 'checkpoint-upload'): TryLock {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? webLock(name, locks) : leaseLock(db, name);
}
