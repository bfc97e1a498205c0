// Persistent storage: asked for once, and reported as granted, denied or unsupported.
import { describe, expect, it, vi } from 'vitest';
import { requestPersistence } from '../../../src/ui/platform/persist.js';

const storage = (persisted: boolean, grant: boolean) =>
  ({
    persisted: vi.fn(async () => persisted),
    persist: vi.fn(async () => grant),
  }) as unknown as StorageManager;

describe('requestPersistence', () => {
  it('reports granted without asking again when already persistent', async () => {
    const s = storage(true, false);
    expect(await requestPersistence(s)).toBe('granted');
    expect(s.persist).not.toHaveBeenCalled();
  });

  it('asks, and reports what the browser answered', async () => {
    expect(await requestPersistence(storage(false, true))).toBe('granted');
    expect(await requestPersistence(storage(false, false))).toBe('denied');
  });

  it('reports unsupported where there is no StorageManager', async () => {
    expect(await requestPersistence({} as StorageManager)).toBe('unsupported');
  });
});
