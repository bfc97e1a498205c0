// The HCQ1 codes every measurement uses: realistic claims, signed by a few issuer keys with encodeHcq1.
import { createHash } from 'node:crypto';
import { fromHex, toBase64 } from '../../lib/core/bytes.js';
import { encodeHcq1 } from '../../lib/core/hcq1/encode.js';
import { newIssuerKey } from '../../lib/core/issuer.js';

// Fixed so that every run (and every contender) sees the same codes; the bench must not depend on Date.now().
export const NOW = 1_780_000_000;
const REGIONS = ['CN-ZJ', 'CN-YN', 'CN-CQ', 'CN-GD'];
const NAMES = ['张*三', '李*', '王*明', 'L** W**', '欧阳**', '陈*华'];

const seed = (label) => new Uint8Array(createHash('sha256').update(label).digest());

/** Issuer keys (public entries plus secret keys), one per region, from fixed seeds. */
export function issuers() {
  return REGIONS.map((iss) => newIssuerKey(iss, NOW - 365 * 86400, 10, seed(`bench issuer ${iss}`)));
}

/**
 * `n` distinct valid codes: a holder's masked name, last four of the ID, colour and (on two in three) a
 * negative test, as the provinces' codes carried them. Texts are 248–265 characters; the first is 248.
 * `now` (seconds) is the verifier's time they are valid at; a fixed time unless the app's own clock is used.
 */
export function makeCodes(n, keys = issuers(), now = NOW) {
  const texts = [];
  for (let i = 0; i < n; i++) {
    const k = keys[i % keys.length];
    const subject = seed(`bench subject ${i}`).slice(0, 16);
    const claims = {
      iss: k.key.iss,
      iat: now - 3600 - i,
      exp: now + 86400,
      subject,
      colour: i % 10 === 9 ? 'yellow' : 'green',
      colourSince: now - 14 * 86400,
      name: NAMES[i % NAMES.length],
      idLast4: String(1000 + ((i * 7919) % 9000)).replace(/0$/, 'X'),
      ...(i % 3 === 0 ? {} : { test: { result: 'negative', sampledAt: now - 30 * 3600 } }),
    };
    texts.push(encodeHcq1(claims, { kid: fromHex(k.key.kid), secretKey: k.secretKey }));
  }
  return texts;
}

/** The issuers' public keys as JSON-safe objects, for a page to rebuild the TrustSet from. */
export function publicKeysJson(keys = issuers()) {
  return keys.map(({ key }) => ({ ...key, publicKey: toBase64(key.publicKey) }));
}
