// The device's Ed25519 key: made at enrolment, non-extractable in WebCrypto where the browser has Ed25519,
// a tweetnacl key pair where it does not. It signs upload batches and bundle requests.
import nacl from 'tweetnacl';
import type { Signer } from '../core/batch.js';

/** A key as kept in IndexedDB: WebCrypto keys are stored as CryptoKey objects, whose private half cannot be read. */
export type StoredDeviceKey =
  | { kind: 'webcrypto'; publicKey: Uint8Array; privateKey: CryptoKey }
  | { kind: 'tweetnacl'; publicKey: Uint8Array; secretKey: Uint8Array };

/** Makes a new device key: WebCrypto Ed25519 (non-extractable) when available, else tweetnacl. */
export async function createDeviceKey(
  subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle,
): Promise<StoredDeviceKey> {
  if (subtle) {
    try {
      const pair = (await subtle.generateKey({ name: 'Ed25519' }, false, [
        'sign',
        'verify',
      ])) as CryptoKeyPair;
      const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
      // Some engines name Ed25519 but sign wrongly or not at all: prove it once before trusting it.
      const probe = new Uint8Array([1, 2, 3]);
      const sig = new Uint8Array(await subtle.sign({ name: 'Ed25519' }, pair.privateKey, probe));
      if (publicKey.length === 32 && nacl.sign.detached.verify(probe, sig, publicKey))
        return { kind: 'webcrypto', publicKey, privateKey: pair.privateKey };
    } catch {
      // Ed25519 is not in this browser's WebCrypto: fall through to tweetnacl.
    }
  }
  const pair = nacl.sign.keyPair();
  return { kind: 'tweetnacl', publicKey: pair.publicKey, secretKey: pair.secretKey };
}

/** A Signer over a stored key. */
export function signerOf(
  key: StoredDeviceKey,
  subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle,
): Signer {
  if (key.kind === 'tweetnacl') {
    return { publicKey: key.publicKey, sign: async (m) => nacl.sign.detached(m, key.secretKey) };
  }
  if (!subtle) throw new Error('WebCrypto is gone: the device key cannot sign');
  return {
    publicKey: key.publicKey,
    sign: async (m) =>
      new Uint8Array(await subtle.sign({ name: 'Ed25519' }, key.privateKey, new Uint8Array(m))),
  };
}
