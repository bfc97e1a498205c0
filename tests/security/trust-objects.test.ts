// Issue 14 / issue 11 (bundle signatures and rollback) for the shared trust objects: whoever sits between the
// device and the server (a cache, a CDN, the network) can change bytes or replay old answers; the device takes
// only what the pinned root signed, the exact object the signed venue body names, and never goes back.
import { describe, expect, it } from 'vitest';
import { naclEd25519 } from '../../src/core/ed25519.js';
import type { TrustState } from '../../src/core/bundle.js';
import { listCount } from '../../src/core/revocation-list.js';
import { ServerApi, type Fetch } from '../../src/sync/api.js';
import { refreshBundle } from '../../src/sync/bundle-refresh.js';
import { injectFetch } from '../sync/harness.js';
import { BACKENDS, suiteServer } from '../support/server.js';
import { revocationEntries } from '../support/revocations.js';

type Tamper = (url: string, bytes: Uint8Array) => Uint8Array;

describe.each(BACKENDS)('a tampered or replayed trust object on $name', ({ make }) => {
  const t = suiteServer(make, (db) => db.trust.addRevocations(revocationEntries(500, 0)));

  /** A fetch through a man in the middle that may rewrite /trust/ bodies and replay POST answers. */
  function middle(tamper: Tamper, replay?: { json: unknown }): Fetch {
    const real = injectFetch(t.app);
    return async (url, init) => {
      const res = await real(url, init);
      if (replay && url.endsWith('/api/v1/bundle')) return { ...res, json: async () => replay.json };
      if (!url.includes('/trust/')) return res;
      const bytes = new Uint8Array(await res.arrayBuffer!());
      const changed = tamper(url, bytes);
      return { ...res, arrayBuffer: async () => new Uint8Array(changed).buffer };
    };
  }

  const refresh = (held: TrustState | null, fetch: Fetch) =>
    refreshBundle(held, {
      api: new ServerApi('http://checkpoint.test', fetch),
      deviceId: t.device.id,
      signer: t.device.key.signer,
      rootKey: t.root,
      venueId: t.device.venueId,
      ed: naclEd25519,
    });

  it.each([
    [
      'a flipped byte in the revocation list',
      (_: string, b: Uint8Array) => b.map((x, i) => (i === b.length - 200 ? x ^ 1 : x)),
    ],
    [
      'a flipped byte in the signature',
      (_: string, b: Uint8Array) => b.map((x, i) => (i === b.length - 1 ? x ^ 1 : x)),
    ],
    ['a cut object', (_: string, b: Uint8Array) => b.subarray(0, b.length - 1)],
    ['an empty list in place of the snapshot', () => new Uint8Array(0)],
  ])('refuses %s, and holds nothing from it', async (_, tamper) => {
    const outcome = await refresh(null, middle(tamper));
    expect(outcome.kind).toBe('rejected');
    if (outcome.kind === 'rejected') expect(['wrong-hash', 'bad-signature']).toContain(outcome.error.kind);
  });

  it('refuses an older signed answer replayed after a newer one (rollback), and an older snapshot under it', async () => {
    const honest = middle((_, b) => b);
    const first = await refresh(null, honest);
    if (first.kind !== 'updated') throw new Error(first.kind);
    // Capture the answer of the version the device now holds, then move the server on.
    let captured: unknown = null;
    const capture: Fetch = async (url, init) => {
      const res = await injectFetch(t.app)(url, init);
      if (url.endsWith('/api/v1/bundle')) {
        const json = await res.json();
        captured = json;
        return { ...res, json: async () => json };
      }
      return res;
    };
    await refresh(null, capture);
    await t.db.trust.addRevocations(revocationEntries(10, 9000));
    const newer = await refresh(first.state, honest);
    if (newer.kind !== 'updated') throw new Error(newer.kind);
    expect(listCount(newer.state.shared!.list)).toBe(510);
    const replayed = await refresh(
      newer.state,
      middle((_, b) => b, { json: captured }),
    );
    expect(replayed).toMatchObject({ kind: 'rejected', error: { kind: 'rollback' } });
    // The old snapshot served in place of the newer object: its hash is not the one the signed body names.
    const oldSnapshot = await honest(
      `http://checkpoint.test/trust/snapshots/${(JSON.parse((captured as { bundle: { body: string } }).bundle.body) as { shared: { hash: string } }).shared.hash}`,
      { method: 'GET', headers: {} },
    );
    const oldBytes = new Uint8Array(await oldSnapshot.arrayBuffer!());
    const swapped = await refresh(
      null,
      middle(() => oldBytes),
    );
    expect(swapped).toMatchObject({ kind: 'rejected', error: { kind: 'wrong-hash' } });
  });
});
