// How a simulated device fetches and accepts trust: the one place to change when the trust format changes.
// Today: the device-signed POST /api/v1/bundle, verified against the pinned root and applied by core's
// acceptBundle (as the app does). Any `/trust/…` address the answer names (content-addressed snapshots and
// deltas, issue 14) is fetched with GET too, so nginx's cache is exercised as soon as the server names them.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { acceptBundle, bundleRequestBytes } from '../lib/core/bundle.js';

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

/** The `/trust/…` paths anywhere in a JSON value (at most a few levels deep). */
function trustPaths(value, depth = 0, out = []) {
  if (typeof value === 'string' && value.startsWith('/trust/')) out.push(value);
  else if (value && typeof value === 'object' && depth < 4)
    for (const v of Object.values(value)) trustPaths(v, depth + 1, out);
  return out;
}

/**
 * Fetches what `device` needs past its trust version and applies it. `request(method, path, body)` is the
 * device's HTTP client (it retries and measures); answers { ok, version, gets } or { ok: false, why }.
 */
export async function fetchTrust(device, request) {
  const at = new Date().toISOString();
  const since = device.trust?.version ?? 0;
  const signature = await device.sign(bundleRequestBytes(device.id, since, at));
  const res = await request('POST', '/api/v1/bundle', {
    deviceId: device.id,
    since,
    at,
    signature: signature.toString('base64'),
  });
  if (res.status !== 200) return { ok: false, why: `bundle ${res.status}` };
  return accept(device, res.json, request);
}

/** Accepts a bundle answer (from enrolment or a fetch) and GETs the `/trust/` parts it names. */
export async function accept(device, answer, request) {
  let gets = 0;
  for (const path of trustPaths(answer)) {
    const got = await request('GET', path);
    if (got.status !== 200) return { ok: false, why: `GET ${path}: ${got.status}` };
    gets++;
    // Content-addressed: the last path segment, when it is a SHA-256, must be the hash of what came back.
    const name = path.split('/').pop();
    if (/^[0-9a-f]{64}$/.test(name) && createHash('sha256').update(got.bytes).digest('hex') !== name)
      return { ok: false, why: `GET ${path}: content does not match its address` };
  }
  const accepted = await acceptBundle(device.trust, answer.bundle, device.rootKey, ed, device.venueId);
  if (!accepted.ok) return { ok: false, why: `bundle refused: ${accepted.error.kind}` };
  device.trust = accepted.value;
  return { ok: true, version: accepted.value.version, gets };
}
