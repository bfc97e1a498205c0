// Signing with the server's root key: tweetnacl in any runtime, or a faster signer the runtime supplies.
import nacl from 'tweetnacl';

/** A root key that signs faster than tweetnacl (the server's node:crypto key); same signatures, RFC 8032. */
export interface RootSigner {
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** The root key as signing functions take it: its 64-byte tweetnacl secret key, or a signer. */
export type RootSigning = Uint8Array | RootSigner;

/** An Ed25519 signature over `message` by the root key. */
export const rootSign = (key: RootSigning, message: Uint8Array): Uint8Array =>
  key instanceof Uint8Array ? nacl.sign.detached(message, key) : key.sign(message);

/** The root's public key. */
export const rootPublicKey = (key: RootSigning): Uint8Array =>
  key instanceof Uint8Array ? key.slice(32) : key.publicKey;
