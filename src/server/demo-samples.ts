// The demo's six sample codes (green, yellow, red, expired, forged, revoked), signed fresh by the demo issuer.
import nacl from 'tweetnacl';
import { fromHex } from '../core/bytes.js';
import { encodeHcq1 } from '../core/hcq1/encode.js';
import type { Colour, HealthClaims } from '../core/hcq1/types.js';
import type { Demo } from './demo.js';

/** A sample code of the demo, fresh at `now`. */
export interface Sample {
  label: 'green' | 'yellow' | 'red' | 'expired' | 'forged' | 'revoked';
  expect: string;
  text: string;
}

/** The six sample codes, signed now (the forged one with a key that is not the issuer's). */
export function demoSamples(demo: Demo, nowMs = Date.now()): Sample[] {
  const now = Math.floor(nowMs / 1000);
  const kid = fromHex(demo.issuer.key.kid) ?? new Uint8Array(8);
  const claims = (colour: Colour, subject: Uint8Array, iat = now, exp = now + 86400): HealthClaims => ({
    iss: 'CN-ZJ',
    iat,
    exp,
    subject,
    colour,
    colourSince: now - 3 * 86400,
    name: colour === 'green' ? '张*三' : colour === 'yellow' ? '李*四' : '王*五',
    idLast4: colour === 'green' ? '1234' : colour === 'yellow' ? '5678' : '9012',
    test: { result: 'negative', sampledAt: now - 86400 },
  });
  const key = { kid, secretKey: demo.issuer.secretKey };
  const person = (n: number) => Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? n : 0x5a));
  const forger = nacl.sign.keyPair().secretKey;
  return [
    { label: 'green', expect: 'admit', text: encodeHcq1(claims('green', person(1)), key) },
    {
      label: 'yellow',
      expect: 'deny at a supermarket (001 §2(2): restricted venues)',
      text: encodeHcq1(claims('yellow', person(2)), key),
    },
    { label: 'red', expect: 'deny, hold and report', text: encodeHcq1(claims('red', person(3)), key) },
    {
      label: 'expired',
      expect: 'deny: expired',
      text: encodeHcq1(claims('green', person(4), now - 3 * 86400, now - 2 * 86400), key),
    },
    {
      label: 'forged',
      expect: 'deny: bad signature',
      text: encodeHcq1(claims('green', person(5)), { kid, secretKey: forger }),
    },
    {
      label: 'revoked',
      expect: 'deny: revoked',
      text: encodeHcq1(claims('green', demo.revokedSubject), key),
    },
  ];
}
