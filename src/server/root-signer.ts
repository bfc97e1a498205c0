// The root key as a node:crypto Ed25519 key: signing a bundle or a trust object takes a fraction of a
// millisecond instead of tweetnacl's milliseconds (measured in the sim), and every bundle answer is signed.
import { createPrivateKey, sign } from 'node:crypto';
import type { RootSigner } from '../core/root-sign.js';

// RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed: the DER header is the same for every key.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A signer for a 64-byte tweetnacl secret key (seed ‖ public key); signatures equal tweetnacl's. */
export function nodeRootSigner(secretKey: Uint8Array): RootSigner {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, secretKey.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = secretKey.slice(32);
  return { publicKey, sign: (message) => new Uint8Array(sign(null, message, key)) };
}
