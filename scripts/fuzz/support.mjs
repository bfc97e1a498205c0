// What every fuzz target shares: the time it runs at, deterministic Ed25519 keys, and turning throws into failures.
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';

/** The time every target runs at (seconds): the seeds are valid then. */
export const NOW = Date.parse('2022-03-01T10:00:00Z') / 1000;

// RFC 8410 PKCS #8 prefix of an Ed25519 private key; the 32-byte seed follows.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A deterministic Ed25519 key pair signing through Node's crypto (tweetnacl takes 6 ms a signature). */
export function keyPair(fill) {
  const seed = Buffer.alloc(32, fill);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = new Uint8Array(Buffer.from(jwk.x, 'base64url'));
  return {
    publicKey,
    /** The 64-byte secret key as tweetnacl keeps it (seed, then public key), for the core's own signers. */
    secretKey: new Uint8Array([...seed, ...publicKey]),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** Runs `fn`: its value, or the failure that it threw. */
export async function noThrow(what, fn) {
  try {
    return { value: await fn() };
  } catch (e) {
    return { failure: `${what} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
}

/** Whether two byte arrays hold the same bytes. */
export const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
