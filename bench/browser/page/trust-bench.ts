// Applying a shared trust snapshot in the page, as a device does after a refresh: the signed venue body verified,
// the object's SHA-256 (WebCrypto) and root signature checked, the binary list read, the app's lookup set built.
import { acceptBundle, type SignedBundle } from '../../../src/core/bundle.js';
import { bestEd25519 } from '../../../src/core/ed25519.js';
import { fromBase64 } from '../../../src/core/bytes.js';
import { revocationSetOf } from '../../../src/models/trust.js';
import { snapshotOf } from '../../../src/sync/storage.js';
import { subtleDigest } from '../../../src/sync/trust-fetch.js';

/** Milliseconds per run (after the fetch), and how many revocations the device then holds. */
export async function trustBench(opts: {
  objectUrl: string;
  bundle: SignedBundle;
  rootKey: string;
  venueId: string;
  runs: number;
}): Promise<{ ms: number[]; size: number }> {
  const bytes = new Uint8Array(await (await fetch(opts.objectUrl)).arrayBuffer());
  const root = fromBase64(opts.rootKey)!;
  const ed = await bestEd25519();
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < opts.runs; i++) {
    const start = performance.now();
    const state = await acceptBundle(null, opts.bundle, root, ed, opts.venueId, {
      bytes,
      digest: subtleDigest,
    });
    if (!state.ok) throw new Error(`refused: ${JSON.stringify(state.error)}`);
    // What the app does next (src/ui/Sync/wire.tsx): the trust model's lookup set from the new state.
    const set = revocationSetOf(snapshotOf(state.value));
    if (!set.ok) throw new Error(`the revocation set was refused: ${set.error}`);
    size = set.value.size;
    ms.push(performance.now() - start);
  }
  return { ms, size };
}
