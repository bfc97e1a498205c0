// The server signs bundles, trust objects and webhooks with node:crypto's Ed25519 (fast) instead of tweetnacl;
// Ed25519 is deterministic (RFC 8032), so the signatures must be the same bytes tweetnacl makes, which every
// device verifies.
import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { rootPublicKey, rootSign } from '../../src/core/root-sign.js';
import { signBundle } from '../../src/core/bundle.js';
import { nodeRootSigner } from '../../src/server/root-signer.js';

const key = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(7));

describe('the node:crypto root signer', () => {
  it.each([
    ['an empty message', new Uint8Array(0)],
    ['one byte', new Uint8Array([0x42])],
    ['a 64 kB message', new Uint8Array(65_536).map((_, i) => i * 31)],
  ])('signs %s exactly as tweetnacl does', (_, message) => {
    const signer = nodeRootSigner(key.secretKey);
    expect(signer.sign(message)).toEqual(nacl.sign.detached(message, key.secretKey));
    expect(nacl.sign.detached.verify(message, signer.sign(message), key.publicKey)).toBe(true);
  });

  it('has the tweetnacl key pair’s public key', () => {
    expect(rootPublicKey(nodeRootSigner(key.secretKey))).toEqual(key.publicKey);
    expect(rootPublicKey(key.secretKey)).toEqual(key.publicKey);
  });

  it('makes the same signed bundle as the secret key itself', () => {
    const body = { format: 'x', version: 3 } as unknown as Parameters<typeof signBundle>[0];
    expect(signBundle(body, nodeRootSigner(key.secretKey))).toEqual(signBundle(body, key.secretKey));
    expect(rootSign(nodeRootSigner(key.secretKey), new Uint8Array([1]))).toEqual(
      rootSign(key.secretKey, new Uint8Array([1])),
    );
  });
});
