// The meta table and the root key: made once, the same for every opener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ServerDb } from '../../../src/server/db/index.js';
import { BACKENDS, type Backend } from '../../support/server.js';

describe.each(BACKENDS)('meta on $name', ({ make }) => {
  let backend: Backend;
  let db: ServerDb;

  beforeAll(async () => {
    backend = make();
    db = await backend.open();
  });
  afterAll(async () => {
    await db.close();
    await backend.cleanup();
  });

  it('makes the root key once, and every opener gets the same one', async () => {
    const other = await backend.open();
    const [a, b] = await Promise.all([db.meta.rootKey(), other.meta.rootKey()]);
    expect(Buffer.from(a.publicKey).equals(Buffer.from(b.publicKey))).toBe(true);
    expect(Buffer.from((await db.meta.rootKey()).secretKey).equals(Buffer.from(a.secretKey))).toBe(true);
    expect([a.created, b.created].filter(Boolean).length).toBeLessThanOrEqual(1);
    await other.close();
  });
});
