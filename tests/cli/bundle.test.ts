// `checkpoint bundle export` (issue 11 item 1): the signed bundle a venue's device fetches, as a file, which an
// enrolled device verifies against its pinned root exactly as a fetched one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64 } from '../../src/core/bytes.js';
import { acceptBundle, type SignedBundle, type VenueBody } from '../../src/core/bundle.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { newIssuerKey } from '../../src/core/issuer.js';
import { keysFileJson } from '../../src/core/trust.js';
import { venueBundleFor } from '../../src/server/bundles.js';
import { openDb } from '../../src/server/db/open.js';
import { cli, venueAddArgs } from '../support/cli.js';

let dir: string;
let data: string[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-bundle-'));
  data = ['--data', join(dir, 'data')];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function json(...args: string[]) {
  const r = await cli([...args, ...data]);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.json!;
}

describe('checkpoint bundle export', () => {
  it('writes the full bundle a device of the venue would fetch, signed by the root, and says what it wrote', async () => {
    const key = newIssuerKey('CN-ZJ', 1_700_000_000).key;
    writeFileSync(join(dir, 'keys.json'), JSON.stringify(keysFileJson([key])));
    await json('trust', 'add', join(dir, 'keys.json'));
    const venue = await json(...venueAddArgs('Library', 'library'));
    const root = await json('keys', 'root');
    const out = join(dir, 'library.bundle.json');

    const printed = await json('bundle', 'export', '--venue', String(venue.id), '--out', out);
    // Format 2: the signed per-venue body and, beside it, the full snapshot it points to (nothing to fetch).
    const file = JSON.parse(readFileSync(out, 'utf8')) as { bundle: SignedBundle; object: string };
    const body = JSON.parse(file.bundle.body) as VenueBody;
    expect(printed).toEqual({
      venueId: venue.id,
      version: body.version,
      issuedAt: body.issuedAt,
      keyId: root.keyId,
      out,
    });

    // Exactly what `serve` answers a device holding nothing (since 0), but for the time it was made.
    const db = await openDb({ data: join(dir, 'data') });
    const fetched = await venueBundleFor(
      db,
      (await db.venues.get(String(venue.id)))!,
      0,
      Date.parse(body.issuedAt),
    );
    await db.close();
    expect(file.bundle).toEqual(fetched.bundle);
    expect(body).toMatchObject({
      format: 'checkpoint-bundle/2',
      shared: { kind: 'full', since: 0, version: body.version },
      venue: { id: venue.id, category: 'library', policy: 'zhejiang-2020' },
    });
    const object = fromBase64(file.object)!;
    expect(object.length).toBe(body.shared!.size);

    // A device that pinned this server's root at enrolment takes it, as it takes a fetched bundle.
    const rootKey = fromBase64(String(root.publicKey))!;
    const taken = await acceptBundle(null, file.bundle, rootKey, naclEd25519, String(venue.id), {
      bytes: object,
    });
    expect(taken.ok && taken.value.issuers.map((k) => k.kid)).toEqual([key.kid]);
    // Without the snapshot, or with another one, it is refused.
    const bare = await acceptBundle(null, file.bundle, rootKey, naclEd25519, String(venue.id));
    expect(bare.ok ? 'taken' : bare.error.kind).toBe('wrong-hash');
  });

  it('refuses an unknown venue with exit 1 and writes nothing', async () => {
    const out = join(dir, 'none.json');
    const r = await cli(['bundle', 'export', '--venue', 'no-such-venue', '--out', out, ...data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no venue no-such-venue');
    expect(() => readFileSync(out)).toThrow();
  });

  it.each([
    [['bundle', 'export', '--out', 'x.json'], '--venue ID is required'],
    [['bundle', 'export', '--venue', 'v'], '--out FILE is required'],
    [['bundle', 'import', '--venue', 'v', '--out', 'x.json'], 'expected a subcommand: export'],
  ])('refuses %j with usage exit 2: %s', async (args, message) => {
    const r = await cli([...args, ...data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
