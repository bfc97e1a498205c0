// HCQ1 verification (spec §3): every check in the spec's order, the first failure reported.
import { toHex } from '../bytes.js';
import { bestEd25519, type Ed25519 } from '../ed25519.js';
import type { RevocationSet } from '../revocations.js';
import type { IssuerKey, TrustSet } from '../trust.js';
import { parseClaims } from './claims.js';
import { ALG_EDDSA, parseHcq1Text, toBeSigned } from './cose.js';
import type { Verification } from './types.js';

/** Default clock skew tolerance, seconds (spec §3). */
export const DEFAULT_SKEW = 300;

/** What a verifier holds: trusted keys, revocations, the time and the skew it allows. */
export interface VerifyContext {
  trust: TrustSet;
  revocations?: RevocationSet;
  /** Seconds since the epoch. */
  now: number;
  skew?: number;
  /** The Ed25519 implementation; the fastest available when omitted. */
  ed25519?: Ed25519;
}

/** Verifies an HCQ1 text; never throws, whatever the input. */
export async function verifyHcq1(text: string, ctx: VerifyContext): Promise<Verification> {
  const parsed = parseHcq1Text(text);
  if (!parsed.ok) return parsed.error;
  const { cose } = parsed;
  if (cose.alg !== ALG_EDDSA)
    return { result: 'unsupported', detail: `alg ${String(cose.alg)} is not EdDSA (-8)` };
  const kid = toHex(cose.kid);
  const candidates = ctx.trust.get(kid);
  if (candidates.length === 0) return { result: 'unknown-key', kid, detail: `no trusted key has kid ${kid}` };

  const ed = ctx.ed25519 ?? (await bestEd25519());
  // The signature covers the protected header and payload exactly as received: nothing is re-encoded.
  const tbs = toBeSigned(cose.protectedBytes, cose.payload);
  let key: IssuerKey | undefined;
  for (const k of candidates) {
    if (await ed.verify(tbs, cose.signature, k.publicKey)) {
      key = k;
      break;
    }
  }
  if (!key) return { result: 'bad-signature', kid, detail: 'the Ed25519 signature does not verify' };

  const claims = parseClaims(cose.payload);
  if (!claims.ok) return { ...claims.error, kid };
  const c = claims.claims;
  const skew = ctx.skew ?? DEFAULT_SKEW;
  const fail = (
    result: 'issuer-mismatch' | 'key-not-valid' | 'not-yet-valid' | 'expired' | 'revoked',
    detail: string,
  ) => ({ result, claims: c, kid, detail }) as const;

  if (c.iss !== key.iss)
    return fail('issuer-mismatch', `code says ${c.iss}, key ${kid} belongs to ${key.iss}`);
  if (key.revoked) return fail('key-not-valid', `key ${kid} of ${key.iss} is revoked`);
  if (c.iat < key.notBefore || c.iat > key.notAfter)
    return fail('key-not-valid', `issued outside the key's validity window`);
  if (c.iat > ctx.now + skew) return fail('not-yet-valid', 'issued in the future (check the device clock)');
  if (c.exp <= ctx.now - skew) return fail('expired', 'the code has expired');
  const before = ctx.revocations?.revokedBefore(c.iss, c.subject);
  if (before !== undefined && before > c.iat) {
    const colour = ctx.revocations?.revokedColour(c.iss, c.subject);
    const revoked = fail('revoked', "the person's status changed after this code was made");
    return colour ? { ...revoked, status: { colour, since: before } } : revoked;
  }
  return { result: 'ok', claims: c, kid };
}
