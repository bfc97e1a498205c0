// A cut read is not a forged code (issue 11 item 4): the start of a code that lost its end is told apart from a
// damaged or forged one. Verification itself is unchanged: the spec's vectors keep their results (verify.test.ts).
import { describe, expect, it } from 'vitest';
import { isCodeTail, isCutCode, readKind, type ReadHints } from '../../../src/core/hcq1/fragment.ts';
import type { Verification } from '../../../src/core/hcq1/types.ts';
import { newIssuerKey } from '../../../src/core/issuer.ts';
import { signedCode } from '../../support/codes.ts';
import { vectors } from '../vectors.ts';

const code = signedCode(newIssuerKey('CN-ZJ', 1_600_000_000));

describe('isCutCode', () => {
  it('takes every beginning of a whole code, down to its first character, for a cut read', () => {
    const cut = Array.from({ length: code.length - 1 }, (_, i) => code.slice(0, i + 1)).filter(
      (t) => !isCutCode(t),
    );
    expect(cut).toEqual([]);
  });

  it('does not take the whole code for a cut one', () => {
    expect(isCutCode(code)).toBe(false);
  });

  it.each([
    ['the end of a code without its beginning (no prefix)', code.slice(40)],
    ['a payment QR', 'https://qr.alipay.com/fkx12345'],
    ['a product barcode', '6901234567892'],
    ['a character outside Base45 inside the code', code.slice(0, 60) + '#' + code.slice(61)],
    ['a character outside Base45 at the cut', code.slice(0, 61) + 'a'],
    ['a whole code with a character too many', code + 'A'],
    ['a whole code with bytes after it', code + 'AAA'],
    ['an empty text', ''],
  ])('does not take %s for a cut read', (_, text) => {
    expect(isCutCode(text)).toBe(false);
  });

  // Spec §5: the malformed vectors are damaged on purpose. Only "HCQ1:" with nothing after it reads as the start
  // of a code (a read that kept the prefix alone); every other one is damage, as verification says.
  it('finds no cut read among the public vectors but the bare prefix', () => {
    expect(vectors.cases.filter((c) => isCutCode(c.text)).map((c) => c.name)).toEqual(['malformed-empty']);
  });
});

describe('isCodeTail', () => {
  it.each([
    ['the end of a code', code.slice(30), true],
    ['a short run of Base45 characters', code.slice(-20), false],
    ['a whole code', code, false],
    ['an upper-case URL (alphanumeric QR)', 'HTTPS://EXAMPLE.COM/PAY/ABCDEFGHIJKLMNOPQRSTUVWXYZ', false],
    ['a long number', '123456789012345678901234567890', false],
    ['text with lower case', code.slice(30).toLowerCase(), false],
  ])('%s: %s', (_, text, tail) => {
    expect(isCodeTail(text)).toBe(tail);
  });
});

describe('readKind', () => {
  const malformed: Verification = { result: 'malformed', detail: 'x' };
  const notHealthCode: Verification = { result: 'malformed', detail: 'x', notHealthCode: true };
  const forged: Verification = { result: 'bad-signature', detail: 'x', kid: '00' };
  const gun: ReadHints = { typed: true, cut: false };
  const cutGun: ReadHints = { typed: true, cut: true };
  const camera: ReadHints = { typed: false, cut: false };
  it.each<[string, string, Verification, ReadHints, 'code' | 'misread']>([
    ['the beginning of a code, from any source', code.slice(0, 100), malformed, camera, 'misread'],
    ['the end of a code typed by a gun', code.slice(30), notHealthCode, gun, 'misread'],
    [
      'the end of a code from the camera (a QR holds whole texts)',
      code.slice(30),
      notHealthCode,
      camera,
      'code',
    ],
    ['a payment QR typed by a gun', 'https://qr.alipay.com/x', notHealthCode, gun, 'code'],
    ['a whole code with a forged signature', code, forged, gun, 'code'],
    ['a code the gun stalled in that failed its signature', code, forged, cutGun, 'misread'],
    ['a code the gun stalled in that verified', code, { result: 'ok' } as Verification, cutGun, 'code'],
  ])('%s: %s', (_, text, v, hints, kind) => {
    expect(readKind(text, v, hints)).toBe(kind);
  });

  it('decides on an expired code even when the gun stalled in it: its signature verified, it is whole', () => {
    const expired = { result: 'expired', claims: {}, kid: '00', detail: 'x' } as unknown as Verification;
    expect(readKind(code, expired, cutGun)).toBe('code');
  });
});
