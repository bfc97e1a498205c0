// Issue 11 item 11, "durability": an acknowledged batch must survive a power cut, because the device deletes its
// copy once acknowledged. SQLite in WAL mode with synchronous = NORMAL may lose the last commits; every
// connection the server and the admin commands open (src/server/db/open.ts) uses FULL.
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/server/db/open.js';
import { sqliteBackend } from '../support/server.js';

describe('SQLite durability', () => {
  const backend = sqliteBackend();
  afterAll(() => backend.cleanup());

  it('opens the database as `serve` does: WAL, and synchronous = FULL', async () => {
    const db = await openDb(backend.location());
    try {
      expect(await db.sql.all('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      // 2 is FULL (0 OFF, 1 NORMAL, 3 EXTRA).
      expect(await db.sql.all('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    } finally {
      await db.close();
    }
  });
});
