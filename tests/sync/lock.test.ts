// One uploader across tabs: the lease lock (for browsers without Web Locks) and the Web Locks adapter.
import { describe, expect, it } from 'vitest';
import { leaseLock, webLock } from '../../src/sync/lock.js';
import { freshDb as db } from '../support/db.js';

describe('leaseLock', () => {
  it('lets one tab upload at a time: the second is told the lock is busy, and gets it once released', async () => {
    const shared = db();
    const tabA = leaseLock(shared, 'upload');
    const tabB = leaseLock(shared, 'upload');
    let release!: () => void;
    const held = tabA(() => new Promise<string>((r) => (release = () => r('a done'))));
    await new Promise((r) => setTimeout(r, 20));
    expect(await tabB(async () => 'b ran')).toBeNull();
    release();
    expect(await held).toBe('a done');
    expect(await tabB(async () => 'b ran')).toBe('b ran');
  });

  it('frees the lock of a tab that died once its lease runs out', async () => {
    const shared = db();
    let clock = 1_000;
    const dead = leaseLock(shared, 'upload', 30_000, () => clock);
    const alive = leaseLock(shared, 'upload', 30_000, () => clock);
    // The dead tab took the lease and never released it.
    void dead(() => new Promise<never>(() => undefined));
    await new Promise((r) => setTimeout(r, 20));
    expect(await alive(async () => 'ran')).toBeNull();
    clock += 31_000;
    expect(await alive(async () => 'ran')).toBe('ran');
  });
});

describe('webLock', () => {
  it('asks the browser for the lock without waiting, and reports busy when it is not granted', async () => {
    const calls: unknown[] = [];
    const free = {
      request: async (name: string, opts: unknown, cb: (lock: object | null) => Promise<unknown>) => {
        calls.push([name, opts]);
        return cb({});
      },
    } as unknown as LockManager;
    const taken = {
      request: async (_n: string, _o: unknown, cb: (lock: object | null) => Promise<unknown>) => cb(null),
    } as unknown as LockManager;
    expect(await webLock('upload', free)(async () => 1)).toBe(1);
    expect(calls).toEqual([['upload', { ifAvailable: true }]]);
    expect(await webLock('upload', taken)(async () => 1)).toBeNull();
  });
});
