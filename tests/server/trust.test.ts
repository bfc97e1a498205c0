// The shared trust objects over HTTP on SQLite and PostgreSQL (docs/bundles.md "Endpoints"): the device-signed
// POST points to a snapshot or a delta by hash; GET /trust/… serves it immutable, with an ETag, 304 and ranges,
// and the old POST (no `format`) still answers old clients with a format-1 bundle.
import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { toBase64 } from '../../src/core/bytes.js';
import {
  bundleRequestBytes,
  verifySignedBody,
  VENUE_FORMAT,
  type BundleBody,
  type VenueBody,
} from '../../src/core/bundle.js';
import { bundleFor } from '../../src/server/bundles.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { openTrustObject, trustObjectPath } from '../../src/core/trust-object.js';
import { countOf } from '../../src/core/revocation-list.js';
import { BACKENDS, suiteServer } from '../support/server.js';
import { revocationEntries } from '../support/revocations.js';

describe.each(BACKENDS)('/trust/ on $name', ({ make }) => {
  const t = suiteServer(make, (db) => db.trust.addRevocations(revocationEntries(3000)));

  async function ask(since: number, format?: 2): Promise<BundleBody | VenueBody>;
  async function ask(since: number, format: undefined, raw: true): Promise<{ body: string }>;
  async function ask(since: number, format?: 2, raw = false) {
    const at = new Date().toISOString();
    const signature = toBase64(
      nacl.sign.detached(bundleRequestBytes(t.device.id, since, at), t.device.key.secretKey),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bundle',
      payload: { deviceId: t.device.id, since, at, signature, ...(format ? { format } : {}) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    if (raw) return { body: res.body };
    const verified = await verifySignedBody((res.json() as { bundle: unknown }).bundle, t.root, naclEd25519);
    if (!verified.ok) throw new Error(verified.error.kind);
    return verified.value;
  }

  async function venueBody(since: number): Promise<VenueBody> {
    const body = await ask(since, 2);
    if (body.format !== VENUE_FORMAT) throw new Error('expected format 2');
    return body;
  }

  it('points a new device to the snapshot, served immutable with a strong ETag, and signed by the root', async () => {
    const body = await venueBody(0);
    expect(body.shared).toMatchObject({ kind: 'full', since: 0, version: body.version });
    const res = await t.app.inject({ method: 'GET', url: trustObjectPath(body.shared!) });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${body.shared!.hash}"`,
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
      'content-length': String(body.shared!.size),
    });
    const opened = await openTrustObject(res.rawPayload, body.shared!, t.root, naclEd25519);
    if (!opened.ok) throw new Error(opened.error.kind);
    expect(countOf(opened.value.revocations)).toBe(3000);
    // Built once: the next device is pointed to the very same object.
    expect((await venueBody(0)).shared!.hash).toBe(body.shared!.hash);
  });

  it.each([
    ['If-None-Match with the ETag', (etag: string) => ({ 'if-none-match': etag }), 304, null],
    [
      'If-None-Match among others, weak',
      (etag: string) => ({ 'if-none-match': `"x", W/${etag}` }),
      304,
      null,
    ],
    ['If-None-Match with another tag', () => ({ 'if-none-match': '"other"' }), 200, null],
    ['a first range', () => ({ range: 'bytes=0-99' }), 206, [0, 100]],
    ['an open range', () => ({ range: 'bytes=100-' }), 206, [100, -1]],
    ['a suffix range', () => ({ range: 'bytes=-64' }), 206, [-64, -1]],
    ['a range past the end', () => ({ range: 'bytes=99999999-' }), 416, null],
    ['a range with a stale If-Range', () => ({ range: 'bytes=0-9', 'if-range': '"old"' }), 200, null],
  ] as const)('answers %s', async (_, headers, status, slice) => {
    const pointer = (await venueBody(0)).shared!;
    const url = trustObjectPath(pointer);
    const whole = (await t.app.inject({ method: 'GET', url })).rawPayload;
    const res = await t.app.inject({ method: 'GET', url, headers: headers(`"${pointer.hash}"`) });
    expect(res.statusCode).toBe(status);
    expect(res.headers.etag).toBe(`"${pointer.hash}"`);
    if (status === 304) expect(res.rawPayload.length).toBe(0);
    if (status === 416) expect(res.headers['content-range']).toBe(`bytes */${pointer.size}`);
    if (slice) {
      const start = slice[0] < 0 ? pointer.size + slice[0] : slice[0];
      const end = slice[1] < 0 ? pointer.size : slice[1];
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end - 1}/${pointer.size}`);
      expect(Buffer.compare(res.rawPayload, whole.subarray(start, end))).toBe(0);
    }
  });

  it('answers HEAD without the bytes, and 404 for an unknown hash, a wrong kind or anything else', async () => {
    const pointer = (await venueBody(0)).shared!;
    const head = await t.app.inject({ method: 'HEAD', url: trustObjectPath(pointer) });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(pointer.size));
    for (const url of [
      `/trust/snapshots/${'0'.repeat(64)}`,
      `/trust/deltas/${pointer.hash}`,
      `/trust/snapshots/${pointer.hash.toUpperCase()}`,
      '/trust/snapshots/../../etc/passwd',
    ])
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
  });

  it('points a device a few changes behind to a small delta, and an up-to-date one to nothing', async () => {
    const held = (await venueBody(0)).version;
    await t.db.trust.addRevocations(revocationEntries(10, 5000));
    const body = await venueBody(held);
    expect(body.shared).toMatchObject({ kind: 'delta', since: held, version: body.version });
    const res = await t.app.inject({ method: 'GET', url: trustObjectPath(body.shared!) });
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const opened = await openTrustObject(res.rawPayload, body.shared!, t.root, naclEd25519);
    expect(opened.ok && countOf(opened.value.revocations)).toBe(10);
    expect(res.rawPayload.length).toBeLessThan(1000);
    expect((await venueBody(body.version)).shared).toBeNull();
  });

  it('still answers an old client (no format) with a self-contained format-1 bundle', async () => {
    const body = await ask(0);
    expect(body.format).toBe('checkpoint-bundle/1');
    expect('revocations' in body && body.revocations.length).toBe(3010);
  });

  // Past 1,000 revocations a format-1 bundle is made off the event loop (in this thread when running from the
  // sources, as here): the same bytes as the bundle made at once, for a full bundle and for a long delta.
  it.each([
    ['a full bundle', 0, 0, 'full', 3010],
    ['a delta of 1,500 revocations', 1500, 3010, 'delta', 1500],
  ])('answers an old client with %s as it always did, byte for byte', async (_, more, from, kind, count) => {
    const since = more ? await t.db.trust.version() : 0;
    if (more) await t.db.trust.addRevocations(revocationEntries(more, from));
    const res = await ask(since, undefined, true);
    const answer = JSON.parse(res.body) as { bundle: { body: string } };
    expect(res.body).toBe(JSON.stringify(answer));
    const body = JSON.parse(answer.bundle.body) as { kind: string; issuedAt: string; revocations: unknown[] };
    expect([body.kind, body.revocations.length]).toEqual([kind, count]);
    const venue = (await t.db.venues.get(t.device.venueId))!;
    expect(answer.bundle).toStrictEqual(
      (await bundleFor(t.db, venue, since, Date.parse(body.issuedAt))).bundle,
    );
  });
});
