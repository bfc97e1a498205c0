// What the policy decides by: a verified code's claims, a revoked code's new colour, a manual entry as typed in.
import { describe, expect, it } from 'vitest';
import { codeInput, manualInput, revokedCodeInput } from '../../src/core/entry-input.ts';
import type { HealthClaims } from '../../src/core/hcq1/types.ts';
import { claims as holderClaims } from '../support/codes.ts';
import { manualDetails } from '../support/entries.ts';

const AT = Date.UTC(2021, 11, 1, 8, 0, 0, 500); // ms, deliberately not on a whole second
const nowS = Math.floor(AT / 1000);

// A holder's claims at AT (tests/support/codes.ts), with a subject of 0xab bytes.
const claims = (over: Partial<HealthClaims> = {}): HealthClaims =>
  holderClaims({ subject: new Uint8Array(16).fill(0xab), ...over }, nowS);
const details = manualDetails;

describe('codeInput', () => {
  it('gives the policy a verified code’s colour and its date, in whole seconds, and nothing it does not hold', () => {
    expect(codeInput(claims(), 'mall', AT)).toEqual({
      person: { kind: 'code', colour: 'green', colourSince: nowS - 30 * 86400 },
      venue: 'mall',
      at: nowS,
    });
  });

  it('passes on a test result and a proxy declaration when the code holds them', () => {
    const test = { result: 'negative' as const, sampledAt: nowS - 3600 };
    expect(codeInput(claims({ test, proxy: true }), 'mall', AT).person).toMatchObject({ test, proxy: true });
  });
});

describe('revokedCodeInput', () => {
  // 003 §14: the status changed after the code was made: the revocation's colour holds since its `before`.
  it('gives the policy the revocation’s colour since its time, and not the code’s own (older) test', () => {
    const test = { result: 'negative' as const, sampledAt: nowS - 3600 };
    const input = revokedCodeInput(
      claims({ test, proxy: true }),
      { colour: 'yellow', before: nowS - 60 },
      'medical',
      AT,
    );
    expect(input).toEqual({
      person: { kind: 'code', colour: 'yellow', colourSince: nowS - 60, proxy: true },
      venue: 'medical',
      at: nowS,
    });
  });
});

describe('manualInput', () => {
  const person = { kind: 'manual' as const, reason: 'elderly' as const, declared: [] };

  it.each([
    [36.4, { temperature: 36.4 }],
    [null, {}],
  ])('gives a manual entry’s temperature %s only when it was measured', (temperature, expected) => {
    const input = manualInput(person, { ...details, temperature }, 'public-transport', AT);
    expect(input).toEqual({ person, venue: 'public-transport', mask: true, at: nowS, ...expected });
  });

  it('lets the policy see that a family member declared for the person (代他人填报)', () => {
    expect(manualInput(person, { ...details, proxy: true }, 'mall', AT).person).toEqual({
      ...person,
      proxy: true,
    });
  });
});
