// Fixed keys for the tests of signed trust data (bundles, trust objects): the same bytes on every run.
import nacl from 'tweetnacl';
import { newIssuerKey } from '../../src/core/issuer.js';

/** The server's root key pair, which signs bundles and trust objects. */
export const root = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(7));

/** Another key pair, to sign what the root did not. */
export const other = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(8));

/** A Zhejiang issuer key, valid for ten years from 2020-09-13. */
export const issuer = newIssuerKey('CN-ZJ', 1_600_000_000, 10, new Uint8Array(32).fill(1)).key;
