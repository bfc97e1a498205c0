// HCQ1 test codes: a holder's claims with plain defaults, signed by a test issuer with encodeHcq1.
import { fromHex } from '../../src/core/bytes.js';
import { encodeHcq1 } from '../../src/core/hcq1/encode.js';
import type { HealthClaims } from '../../src/core/hcq1/types.js';
import type { IssuerSecret } from '../../src/core/issuer.js';

const DAY = 86400;

/** The current time in whole seconds, as codes count it. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * A Zhejiang holder's claims at `at` (seconds, default now): made a minute before, valid for a day, green for
 * 30 days, `张*三` with a document ending `123X`; `over` changes any of them.
 */
export function claims(over: Partial<HealthClaims> = {}, at = nowSeconds()): HealthClaims {
  return {
    iss: 'CN-ZJ',
    iat: at - 60,
    exp: at + DAY,
    subject: new Uint8Array(16).fill(9),
    colour: 'green',
    colourSince: at - 30 * DAY,
    name: '张*三',
    idLast4: '123X',
    ...over,
  };
}

/** An HCQ1 text signed by `issuer`: `claims(over, at)`, in the issuer's region unless `over` says otherwise. */
export function signedCode(
  issuer: IssuerSecret,
  over: Partial<HealthClaims> = {},
  at = nowSeconds(),
): string {
  return encodeHcq1(claims({ iss: issuer.key.iss, ...over }, at), {
    kid: fromHex(issuer.key.kid) ?? new Uint8Array(8),
    secretKey: issuer.secretKey,
  });
}
