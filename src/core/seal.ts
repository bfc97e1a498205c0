// Sealed boxes compatible with libsodium's crypto_box_seal: anyone can seal to a public key, only its owner opens.
import nacl from 'tweetnacl';
import { blake2b } from '@noble/hashes/blake2.js';
import { err, ok, type Result } from './result.js';

/** An X25519 key pair for sealing, as tweetnacl makes it (`nacl.box.keyPair()`). */
export interface SealKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** Bytes a sealed box adds to its message: the ephemeral public key and the Poly1305 tag. */
export const SEAL_OVERHEAD = nacl.box.publicKeyLength + nacl.box.overheadLength;

// libsodium derives the nonce from both public keys, so the box carries no nonce of its own.
function sealNonce(ephemeralPublicKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  const input = new Uint8Array(64);
  input.set(ephemeralPublicKey, 0);
  input.set(recipientPublicKey, 32);
  return blake2b(input, { dkLen: nacl.box.nonceLength });
}

/** Seals `message` to `recipientPublicKey`: ephemeral public key ‖ box (crypto_box_seal). */
export function seal(
  message: Uint8Array,
  recipientPublicKey: Uint8Array,
  ephemeral?: SealKeyPair,
): Uint8Array {
  const eph = ephemeral ?? nacl.box.keyPair();
  const boxed = nacl.box(
    message,
    sealNonce(eph.publicKey, recipientPublicKey),
    recipientPublicKey,
    eph.secretKey,
  );
  const out = new Uint8Array(eph.publicKey.length + boxed.length);
  out.set(eph.publicKey, 0);
  out.set(boxed, eph.publicKey.length);
  // The ephemeral secret is never needed again; wipe it so nothing on the device can open the box.
  eph.secretKey.fill(0);
  return out;
}

/** Why a sealed box did not open. */
export type OpenSealedError = 'too-short' | 'not-for-this-key';

/** Opens a sealed box with the recipient's key pair (crypto_box_seal_open). */
export function openSealed(sealed: Uint8Array, recipient: SealKeyPair): Result<Uint8Array, OpenSealedError> {
  if (sealed.length < SEAL_OVERHEAD) return err('too-short');
  const epk = sealed.subarray(0, nacl.box.publicKeyLength);
  const opened = nacl.box.open(
    sealed.subarray(nacl.box.publicKeyLength),
    sealNonce(epk, recipient.publicKey),
    epk,
    recipient.secretKey,
  );
  return opened ? ok(opened) : err('not-for-this-key');
}
