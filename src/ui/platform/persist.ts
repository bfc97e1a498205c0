// Persistent storage: asks the browser not to evict the log when space runs low.

/** Whether the origin's storage is persistent. */
export type Persistence = 'granted' | 'denied' | 'unsupported';

/** Requests persistence (once granted it stays) and reports the outcome. */
export async function requestPersistence(
  storage: StorageManager | undefined = navigator.storage,
): Promise<Persistence> {
  if (!storage || typeof storage.persist !== 'function') return 'unsupported';
  try {
    if (await storage.persisted()) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}
