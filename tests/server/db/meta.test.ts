// The meta table and the root key: made once, the same for every opener.
import { describe, expect, it } from 'vitest';

import { BACKENDS, suiteDb } from '../../support/server.js';

describe.each(BACKENDS)('meta on $name', ({ make }) => {
  const t = suiteDb(make);

  it('makes the root key once, and every opener gets the same one', async () => {
    const other = await t.backend.open();
    const [a, b] = await Promise.all([t.db.meta.rootKey(), other.meta.rootKey()]);
    expect(Buffer.from(a.publicKey).equals(Buffer.from(b.publicKey))).toBe(true);
    expect(Buffer.from((await t.db.meta.rootKey()).secretKey).equals(Buffer.from(a.secretKey))).toBe(true);
    expect([a.created, b.created].filter(Boolean).length).toBeLessThanOrEqual(1);
    await other.close();
  });
});
