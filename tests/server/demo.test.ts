// The demo: made once, its six sample codes verify to what their labels say, and /demo shows them with a link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyHcq1 } from '../../src/core/hcq1/verify.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { RevocationSet } from '../../src/core/revocations.js';
import { TrustSet } from '../../src/core/trust.js';
import { decide, findPolicy, type VenueCategory } from '../../src/core/policy/index.js';
import { buildServer } from '../../src/server/app.js';
import { ensureDemo, retireDemo } from '../../src/server/demo.js';
import { demoRoute } from '../../src/server/demo-page.js';
import { demoSamples } from '../../src/server/demo-samples.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { sqliteBackend, type Backend } from '../support/server.js';

let backend: Backend;
let db: ServerDb;
beforeAll(async () => {
  backend = sqliteBackend();
  db = await backend.open();
});
afterAll(async () => {
  await db.close();
  await backend.cleanup();
});

describe('demo', () => {
  it('is made on first start only', async () => {
    const first = await ensureDemo(db);
    const again = await ensureDemo(db);
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.venueId).toBe(first.venueId);
    expect(again.issuer.key.kid).toBe(first.issuer.key.kid);
    expect(await db.venues.list()).toHaveLength(1);
  });

  it('gives sample codes that verify as labelled against the trust data devices receive', async () => {
    const demo = await ensureDemo(db);
    const changes = await db.trust.changes(0, demo.venueId);
    const ctx = {
      trust: TrustSet.from(changes.issuers),
      revocations: RevocationSet.from(changes.revocations),
      now: Math.floor(Date.now() / 1000),
      ed25519: naclEd25519,
    };
    const results: Record<string, string> = {};
    for (const s of demoSamples(demo)) {
      const v = await verifyHcq1(s.text, ctx);
      results[s.label] = v.result === 'ok' ? `ok:${v.claims.colour}` : v.result;
    }
    expect(results).toEqual({
      green: 'ok:green',
      yellow: 'ok:yellow',
      red: 'ok:red',
      expired: 'expired',
      forged: 'bad-signature',
      revoked: 'revoked',
    });
  });

  it("decides each sample as its label says, under the demo venue's own policy", async () => {
    const demo = await ensureDemo(db);
    const venue = (await db.venues.list()).find((v) => v.id === demo.venueId)!;
    const policy = findPolicy(venue.policy);
    if (!policy.ok) throw new Error(policy.error.message);
    const changes = await db.trust.changes(0, demo.venueId);
    const now = Math.floor(Date.now() / 1000);
    const ctx = {
      trust: TrustSet.from(changes.issuers),
      revocations: RevocationSet.from(changes.revocations),
      now,
      ed25519: naclEd25519,
    };
    for (const s of demoSamples(demo)) {
      const v = await verifyHcq1(s.text, ctx);
      const decision =
        v.result === 'ok'
          ? decide(policy.value, {
              person: { kind: 'code', colour: v.claims.colour, colourSince: v.claims.colourSince },
              venue: venue.category as VenueCategory,
              at: now,
            })
          : null;
      if (!decision) {
        expect(s.expect, s.label).toMatch(/^deny/);
        continue;
      }
      expect(s.expect.split(/[ ,:]/)[0], s.label).toBe(decision.decision);
    }
  });

  it('serves /demo with every sample as an SVG QR and one enrolment link, the same on every view until used', async () => {
    const demo = await ensureDemo(db);
    const app = await buildServer({
      db,
      distDir: null,
      extraRoutes: [demoRoute(db, demo, async () => 'http://demo.test:8080')],
    });
    const view = async () => {
      const res = await app.inject({ method: 'GET', url: '/demo', headers: { host: 'attacker.example' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body.match(/<svg/g)).toHaveLength(7);
      // Whole, for a tester with no camera or scanner gun to paste into the scan screen.
      const texts = [...res.body.matchAll(/<code class="code">([^<]+)<\/code>/g)].map((m) => m[1]!);
      const changes = await db.trust.changes(0, demo.venueId);
      const ctx = {
        trust: TrustSet.from(changes.issuers),
        revocations: RevocationSet.from(changes.revocations),
        now: Math.floor(Date.now() / 1000),
        ed25519: naclEd25519,
      };
      const results = await Promise.all(texts.map(async (t) => (await verifyHcq1(t, ctx)).result));
      expect(results).toEqual(['ok', 'ok', 'ok', 'expired', 'bad-signature', 'revoked']);
      return new URL(/id="enrol-link" href="([^"]+)"/.exec(res.body)![1]!.replaceAll('&amp;', '&'));
    };
    const first = await view();
    expect(first.origin + first.pathname).toBe('http://demo.test:8080/enrol');
    expect((await view()).href).toBe(first.href);
    const enrolled = await db.devices.enrol({
      token: new URLSearchParams(first.hash.slice(1)).get('token')!,
      deviceId: 'demo-phone-1',
      publicKey: new Uint8Array(32).fill(1),
      label: null,
    });
    expect(enrolled.ok && enrolled.value.venueId).toBe(demo.venueId);
    expect((await view()).href).not.toBe(first.href);
    await app.close();
  });

  it("keeps the demo issuer out of every other venue's trust, and revokes it when retired", async () => {
    const demo = await ensureDemo(db);
    const other = await db.venues.add({
      name: 'Office',
      category: 'office',
      policy: 'zhejiang-2020',
      settings: {},
    });
    const kids = async (venueId: string) =>
      (await db.trust.changes(0, venueId)).issuers.filter((k) => !k.revoked).map((k) => k.kid);
    expect(await kids(demo.venueId)).toContain(demo.issuer.key.kid);
    expect(await kids(other.id)).not.toContain(demo.issuer.key.kid);
    expect((await db.trust.changes(0, other.id)).revocations).toEqual([]);
    expect(await retireDemo(db)).toBe(true);
    expect(await kids(demo.venueId)).not.toContain(demo.issuer.key.kid);
    await ensureDemo(db);
    expect(await kids(demo.venueId)).toContain(demo.issuer.key.kid);
  });
});
