// How a simulated device fetches and accepts trust, as the app does (src/sync/bundle-refresh.ts, trust-fetch.ts):
// the device-signed POST /api/v1/bundle asking for format 2, whose small per-venue body names the shared
// snapshot or delta; that is fetched with GET /trust/snapshots|deltas/<sha256>, which nginx's cache serves
// (scripts/cluster), so the run counts trust requests served by the cache and by Node.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { acceptBundle, bundleRequestBytes, verifySignedBody, VENUE_FORMAT } from '../lib/core/bundle.js';
import { trustObjectPath } from '../lib/core/trust-object.js';

// OpenSSL's Ed25519, synchronous: no top-level await and no libuv thread pool (WebCrypto's) in the workers,
// where a module-level WebCrypto probe was seen to stall one worker's start for good.
const keys = new Map();
const ed = {
  async verify(message, signature, publicKey) {
    const id = Buffer.from(publicKey).toString('base64url');
    let key = keys.get(id);
    if (!key) {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: id }, format: 'jwk' });
      keys.set(id, key);
    }
    return verify(null, message, key, signature);
  },
};

/** SHA-256 by OpenSSL, in core's Digest shape. */
const digest = async (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest());

/**
 * Fetches what `device` needs past its trust version and applies it, as the app's bundle refresh does (a delta the
 * device cannot apply is followed by a full request). `request(method, path, body)` is the device's HTTP client
 * (it retries and measures); answers { ok, version, gets } or { ok: false, why }.
 */
export async function fetchTrust(device, request) {
  const first = await fetchOnce(device, request, device.trust?.version ?? 0);
  if (!first.ok && first.kind === 'delta-gap') return fetchOnce(device, request, 0);
  return first;
}

async function fetchOnce(device, request, since) {
  const at = new Date().toISOString();
  const signature = await device.sign(bundleRequestBytes(device.id, since, at));
  const res = await request('POST', '/api/v1/bundle', {
    deviceId: device.id,
    since,
    at,
    signature: signature.toString('base64'),
    format: 2,
  });
  if (res.status !== 200) return { ok: false, why: `bundle ${res.status}` };
  return accept(device, res.json, request);
}

/**
 * Accepts a bundle answer (from enrolment or a fetch): the signed per-venue body is verified against the pinned
 * root, then the shared snapshot or delta it points to is fetched with GET (through nginx's cache), and core's
 * acceptBundle checks it against the pointer's SHA-256 and the root's signature and applies both.
 */
export async function accept(device, answer, request) {
  const body = await verifySignedBody(answer.bundle, device.rootKey, ed);
  if (!body.ok) return { ok: false, kind: body.error.kind, why: `bundle refused: ${body.error.kind}` };
  const pointer = body.value.format === VENUE_FORMAT ? body.value.shared : null;
  let bytes = null;
  let gets = 0;
  if (pointer) {
    const path = trustObjectPath(pointer);
    const got = await request('GET', path);
    if (got.status !== 200) return { ok: false, why: `GET ${path}: ${got.status}` };
    gets++;
    // Its hash (of the content before the root's signature), kind and version are checked by acceptBundle.
    bytes = new Uint8Array(got.bytes);
  }
  const accepted = await acceptBundle(device.trust, answer.bundle, device.rootKey, ed, device.venueId, {
    bytes,
    digest,
  });
  if (!accepted.ok)
    return { ok: false, kind: accepted.error.kind, why: `bundle refused: ${accepted.error.kind}` };
  device.trust = accepted.value;
  return { ok: true, version: accepted.value.version, gets };
}
