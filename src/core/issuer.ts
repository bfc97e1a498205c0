// An issuer's signing key (spec §4): made by `checkpoint keys issuer`, read by `checkpoint issue` and the demo.
// Apart from the trust set because signing needs tweetnacl, which the page's verification path does without.
import nacl from 'tweetnacl';
import { fromBase64, toBase64, toHex } from './bytes.js';
import { err, ok, type Result } from './result.js';
import { keysFileJson, kidOf, parseKeysFile, type IssuerKey } from './trust.js';

/** An issuer's signing key: its public entry and the 64-byte tweetnacl secret key. */
export interface IssuerSecret {
  key: IssuerKey;
  secretKey: Uint8Array;
}

/** A new issuer key pair valid for `years` from `now` (seconds); seed only for tests. */
export function newIssuerKey(iss: string, now: number, years = 10, seed?: Uint8Array): IssuerSecret {
  const pair = seed ? nacl.sign.keyPair.fromSeed(seed) : nacl.sign.keyPair();
  const key: IssuerKey = {
    iss,
    kid: toHex(kidOf(pair.publicKey)),
    publicKey: pair.publicKey,
    notBefore: now,
    notAfter: now + Math.round(years * 365.25 * 86400),
    revoked: false,
  };
  return { key, secretKey: pair.secretKey };
}

/** Parses an issuer secret key file (keys.json with `secretKey` on its one issuer). */
export function parseIssuerSecretFile(json: unknown): Result<IssuerSecret> {
  const keys = parseKeysFile(json);
  if (!keys.ok) return keys;
  const first = keys.value[0];
  const raw = (json as { issuers: { secretKey?: unknown }[] }).issuers[0]?.secretKey;
  if (!first || keys.value.length !== 1) return err('expected exactly one issuer in the key file');
  const secretKey = typeof raw === 'string' ? fromBase64(raw) : null;
  if (!secretKey || secretKey.length !== 64) return err('issuers[0].secretKey: expected 64 bytes of Base64');
  const derived = nacl.sign.keyPair.fromSecretKey(secretKey).publicKey;
  if (toBase64(derived) !== toBase64(first.publicKey))
    return err('issuers[0].secretKey does not belong to issuers[0].publicKey');
  return ok({ key: first, secretKey });
}

/** The secret key file of an issuer (spec §4: keys.json plus `secretKey`). */
export function issuerSecretFileJson(secret: IssuerSecret): { issuers: Record<string, unknown>[] } {
  const file = keysFileJson([secret.key]);
  file.issuers[0]!.secretKey = toBase64(secret.secretKey);
  return file;
}
