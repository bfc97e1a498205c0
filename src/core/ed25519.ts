// Ed25519 verification: WebCrypto where the runtime has it (fast), tweetnacl everywhere (the fallback).
import { fromHex } from './bytes.js';

/** An Ed25519 signature verifier (pure RFC 8032). */
export interface Ed25519 {
  readonly name: 'webcrypto' | 'tweetnacl';
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): Promise<boolean>;
}

// Loaded on first use: where WebCrypto verifies, the page never downloads tweetnacl.
let nacl: Promise<typeof import('tweetnacl')> | undefined;

/** tweetnacl's verifier: synchronous underneath, available in every runtime. */
export const naclEd25519: Ed25519 = {
  name: 'tweetnacl',
  async verify(message, signature, publicKey) {
    if (signature.length !== 64 || publicKey.length !== 32) return false;
    nacl ??= import('tweetnacl').then((m) => m.default);
    return (await nacl).sign.detached.verify(message, signature, publicKey);
  },
};

// RFC 8032 §7.1, test 1: the empty message signed by a known key.
const PROBE_KEY = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const PROBE_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

// The core is compiled without DOM or Node types, so it names only the part of WebCrypto it uses.
type Buf = ArrayBufferView | ArrayBuffer;
interface MinimalSubtle {
  importKey(
    format: 'raw',
    key: Buf,
    alg: { name: 'Ed25519' },
    extractable: false,
    usages: ['verify'],
  ): Promise<object>;
  verify(alg: { name: 'Ed25519' }, key: object, signature: Buf, data: Buf): Promise<boolean>;
}

function subtle(): MinimalSubtle | undefined {
  return (globalThis as { crypto?: { subtle?: MinimalSubtle } }).crypto?.subtle;
}

/** A WebCrypto verifier that caches imported keys, or null where the runtime lacks Ed25519. */
export async function webCryptoEd25519(): Promise<Ed25519 | null> {
  const s = subtle();
  if (!s) return null;
  try {
    // Probe once: some browsers expose subtle but reject the Ed25519 algorithm name.
    const [probeKey, probeSignature] = [fromHex(PROBE_KEY), fromHex(PROBE_SIGNATURE)];
    if (!probeKey || !probeSignature) return null;
    const key = await s.importKey('raw', probeKey, { name: 'Ed25519' }, false, ['verify']);
    if (!(await s.verify({ name: 'Ed25519' }, key, probeSignature, new Uint8Array(0)))) return null;
  } catch {
    return null;
  }
  const keys = new Map<string, Promise<object>>();
  return {
    name: 'webcrypto',
    async verify(message, signature, publicKey) {
      if (signature.length !== 64 || publicKey.length !== 32) return false;
      const id = String.fromCharCode(...publicKey);
      let key = keys.get(id);
      if (!key) {
        key = s.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
        keys.set(id, key);
      }
      try {
        return await s.verify({ name: 'Ed25519' }, await key, signature, message);
      } catch {
        // A public key WebCrypto refuses to import (not a curve point) cannot have signed anything.
        keys.delete(id);
        return false;
      }
    },
  };
}

let best: Promise<Ed25519> | undefined;

/** The fastest verifier this runtime offers, decided once. */
export function bestEd25519(): Promise<Ed25519> {
  best ??= webCryptoEd25519().then((w) => w ?? naclEd25519);
  return best;
}
