// Trusted issuer keys (spec §3–4): parsed from keys.json, looked up by kid.
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, isoFromSeconds, secondsFromIso, toBase64, toHex } from './bytes.js';
import { parseIssuerEntries } from './issuer-entries.js';
import { err, ok, type Result } from './result.js';

/** A trusted issuer key, times in seconds since the epoch. */
export interface IssuerKey {
  iss: string;
  /** 8 bytes, lower-case hex: the first 8 bytes of SHA-256 over publicKey. */
  kid: string;
  publicKey: Uint8Array;
  notBefore: number;
  notAfter: number;
  revoked: boolean;
}

/** The kid of a public key (spec §1.4). */
export const kidOf = (publicKey: Uint8Array): Uint8Array => sha256(publicKey).slice(0, 8);

/** Trusted keys indexed by kid; several keys may share a kid, and each is tried. */
export class TrustSet {
  private readonly byKid = new Map<string, IssuerKey[]>();

  private constructor(readonly keys: readonly IssuerKey[]) {
    for (const k of keys) this.byKid.set(k.kid, [...(this.byKid.get(k.kid) ?? []), k]);
  }

  /** A trust set over the given keys. */
  static from(keys: readonly IssuerKey[]): TrustSet {
    return new TrustSet(keys);
  }

  /** The keys with this kid (hex), empty when none is trusted. */
  get(kid: string): readonly IssuerKey[] {
    return this.byKid.get(kid) ?? [];
  }

  /** How many keys the set holds. */
  get size(): number {
    return this.keys.length;
  }
}

/** Parses a keys.json document (spec §4), naming the first entry and field at fault. */
export function parseKeysFile(json: unknown): Result<IssuerKey[]> {
  return parseIssuerEntries(json, 'issuers', (e, at) => {
    const publicKey = typeof e.publicKey === 'string' ? fromBase64(e.publicKey) : null;
    if (!publicKey || publicKey.length !== 32) return err(`${at}.publicKey: expected 32 bytes of Base64`);
    const kid = toHex(kidOf(publicKey));
    if (e.kid !== undefined && e.kid !== kid)
      return err(`${at}.kid: ${String(e.kid)} does not match the key (${kid})`);
    const notBefore = typeof e.notBefore === 'string' ? secondsFromIso(e.notBefore) : null;
    const notAfter = typeof e.notAfter === 'string' ? secondsFromIso(e.notAfter) : null;
    if (notBefore === null) return err(`${at}.notBefore: expected an ISO 8601 time`);
    if (notAfter === null) return err(`${at}.notAfter: expected an ISO 8601 time`);
    if (e.revoked !== undefined && typeof e.revoked !== 'boolean')
      return err(`${at}.revoked: expected true or false`);
    return ok({ iss: e.iss, kid, publicKey, notBefore, notAfter, revoked: e.revoked === true });
  });
}

/** An issuer key in its keys.json form (spec §4), as bundles carry it too. */
export function issuerKeyJson(k: IssuerKey) {
  return {
    iss: k.iss,
    kid: k.kid,
    publicKey: toBase64(k.publicKey),
    notBefore: isoFromSeconds(k.notBefore),
    notAfter: isoFromSeconds(k.notAfter),
    revoked: k.revoked,
  };
}

/** The keys.json document for keys (spec §4). */
export function keysFileJson(keys: readonly IssuerKey[]): { issuers: Record<string, unknown>[] } {
  return { issuers: keys.map(issuerKeyJson) };
}
