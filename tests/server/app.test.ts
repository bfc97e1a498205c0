// The HTTP API on SQLite and PostgreSQL: schemas on every route, enrolment, signed bundles, uploads, refusals.
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { fromBase64, toBase64 } from '../../src/core/bytes.js';
import { bundleRequestBytes, verifyBundle } from '../../src/core/bundle.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { newIssuerKey } from '../../src/core/issuer.js';
import type { DecisionRecord } from '../../src/core/log.js';
import { enrolLink } from '../../src/server/enrol-link.js';
import { chain, deviceKey } from '../support/chains.js';
import { sampleEntry } from '../support/entries.js';
import { BACKENDS, addVenue, signedUpload, suiteApp } from '../support/server.js';

type DeviceKey = ReturnType<typeof deviceKey>;

describe.each(BACKENDS)('API on $name', ({ make }) => {
  const t = suiteApp(make);
  let venueId: string;

  beforeAll(async () => {
    venueId = await addVenue(t.db);
    await t.db.trust.addIssuers([newIssuerKey('CN-ZJ', 1_700_000_000).key]);
  });

  async function enrol() {
    const url = new URL((await enrolLink(t.db, venueId, 'http://localhost:8080')).enrolUrl);
    const link = new URLSearchParams(url.hash.slice(1));
    const key = deviceKey();
    const deviceId = crypto.randomUUID();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: { token: link.get('token'), deviceId, publicKey: toBase64(key.publicKey) },
    });
    return { res, key, deviceId, link };
  }

  // POST /api/v1/batches with the records signed as the device's uploader signs them (by `key`).
  const upload = async (deviceId: string, records: DecisionRecord[], key: DeviceKey) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      payload: await signedUpload(deviceId, records, key),
    });

  it('answers /healthz with the database in use', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: t.backend.name });
  });

  it('publishes OpenAPI with a schema for every route it serves', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    // The console's page and API (issue 13) are checked in console-api.test.ts.
    expect(
      Object.keys(doc.paths)
        .filter((p) => !/^\/(api\/)?console/.test(p))
        .sort(),
    ).toEqual([
      '/api/v1/batches',
      '/api/v1/bundle',
      '/api/v1/enrol',
      '/api/v1/root',
      '/healthz',
      '/trust/deltas/{hash}',
      '/trust/snapshots/{hash}',
    ]);
    for (const path of ['/api/v1/batches', '/api/v1/bundle', '/api/v1/enrol']) {
      expect(doc.paths[path]?.post?.requestBody).toBeDefined();
      expect(doc.paths[path]?.post?.responses['4XX']).toBeDefined();
    }
  });

  it('enrols a device with the link once and answers with the root key and a first bundle signed by it', async () => {
    const { res, link, deviceId, key } = await enrol();
    expect(res.statusCode).toBe(201);
    const body = res.json() as { rootKey: string; keyId: string; deviceId: string; bundle: unknown };
    expect(body.deviceId).toBe(deviceId);
    expect(body.keyId).toBe(link.get('root'));
    const verified = await verifyBundle(body.bundle, fromBase64(body.rootKey)!, naclEd25519);
    expect(verified.ok && [verified.value.kind, verified.value.venue?.id]).toEqual(['full', venueId]);
    expect(verified.ok && verified.value.issuers).toHaveLength(1);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: {
        token: link.get('token'),
        deviceId: crypto.randomUUID(),
        publicKey: toBase64(key.publicKey),
      },
    });
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({
      error: 'token-used',
      message: expect.stringContaining('already been used'),
    });
  });

  it('refuses a request that does not fit the schema, naming the problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { token: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid-request' });
  });

  it('gives a signed delta after a revocation, and a signed renewal when nothing changed', async () => {
    const { deviceId, key, res } = await enrol();
    const root = fromBase64((res.json() as { rootKey: string }).rootKey)!;
    const first = await verifyBundle((res.json() as { bundle: unknown }).bundle, root, naclEd25519);
    if (!first.ok) throw new Error('bundle');
    const ask = async (since: number, signer = key.secretKey) => {
      const at = new Date().toISOString();
      const signature = toBase64(nacl.sign.detached(bundleRequestBytes(deviceId, since, at), signer));
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/bundle',
        payload: { deviceId, since, at, signature },
      });
    };
    // Nothing changed: a signed renewal of the same version, so the device knows its data is current.
    const same = (await ask(first.value.version)).json() as {
      upToDate: boolean;
      version: number;
      bundle: unknown;
    };
    expect([same.upToDate, same.version]).toEqual([true, first.value.version]);
    const renewal = await verifyBundle(same.bundle, root, naclEd25519);
    expect(renewal.ok && [renewal.value.kind, renewal.value.since, renewal.value.revocations.length]).toEqual(
      ['delta', first.value.version, 0],
    );
    await t.db.trust.addRevocations([
      { iss: 'CN-ZJ', subject: new Uint8Array(16).fill(3), before: 1_800_000_000 },
    ]);
    const next = (await ask(first.value.version)).json() as { bundle: unknown; version: number };
    const delta = await verifyBundle(next.bundle, root, naclEd25519);
    expect(
      delta.ok && [
        delta.value.kind,
        delta.value.since,
        delta.value.revocations.length,
        delta.value.issuers.length,
      ],
    ).toEqual(['delta', first.value.version, 1, 0]);
    expect((await ask(0, deviceKey().secretKey)).statusCode).toBe(401);
  });

  it('stores what staff entered at the door with each record, as the device sent it, and refuses a malformed entry', async () => {
    const { deviceId, key } = await enrol();
    const entered = {
      mask: true,
      emergency: false,
      paperTest: { result: 'negative' as const, sampledAt: '2026-11-20T06:30:00Z' },
      proxy: true,
      declaration: { fever: false, contact: false, abroad: true },
    };
    const records = chain(deviceId, venueId, 2, null, (i) => ({ ...sampleEntry(i, venueId), ...entered }));
    expect((await upload(deviceId, records, key)).statusCode).toBe(200);
    const stored = [];
    for await (const r of t.db.records.export()) if (r.record.deviceId === deviceId) stored.push(r.record);
    expect(stored).toEqual(records);
    expect(stored[0]).toMatchObject(entered);
    const odd = chain(deviceId, venueId, 1, records[1], (i) => ({
      ...sampleEntry(i, venueId),
      paperTest: { result: 'maybe' } as never,
    }));
    expect((await upload(deviceId, odd, key)).statusCode).toBe(400);
  });

  it('stores an upload once, acknowledges a replay as duplicates, and refuses a disabled device with 403', async () => {
    const { deviceId, key } = await enrol();
    const records = chain(deviceId, venueId, 50);
    const payload = await signedUpload(deviceId, records, key);
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/batches', payload });
    expect(first.statusCode).toBe(200);
    expect((first.json() as { accepted: string[] }).accepted).toHaveLength(50);
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/batches', payload });
    expect(replay.json()).toMatchObject({ accepted: [], duplicates: records.map((r) => r.id) });
    await t.db.devices.disable(deviceId);
    const refused = await upload(deviceId, chain(deviceId, venueId, 1, records[49]), key);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'device-disabled' });
  });

  it.each<[string, number, string, (deviceId: string, key: DeviceKey) => Promise<LightMyRequestResponse>]>([
    [
      'a batch signed by another key',
      401,
      'bad-signature',
      (deviceId) => upload(deviceId, chain(deviceId, venueId, 5), deviceKey()),
    ],
    [
      'a record changed after it was hashed',
      422,
      'tampered',
      (deviceId, key) => upload(deviceId, [{ ...chain(deviceId, venueId, 5)[0]!, temperature: 36.5 }], key),
    ],
    [
      'a fork of the records already received',
      409,
      'chain-fork',
      async (deviceId, key) => {
        expect((await upload(deviceId, chain(deviceId, venueId, 5), key)).statusCode).toBe(200);
        return upload(deviceId, chain(deviceId, venueId, 2), key);
      },
    ],
  ])('refuses %s (%i %s)', async (_what, status, error, send) => {
    const { deviceId, key } = await enrol();
    const res = await send(deviceId, key);
    expect([res.statusCode, (res.json() as { error: string }).error]).toEqual([status, error]);
  });
});
