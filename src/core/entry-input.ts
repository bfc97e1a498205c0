// What the policy decides by: a verified code's claims, a revoked code's new colour, a manual entry as typed in.
import type { Colour, HealthClaims } from './hcq1/types.js';
import type { ManualDetails, ManualPerson } from './entry.js';
import type { DecisionInput } from './policy/types.js';
import type { VenueCategory } from './policy/vocabulary.js';

/** What the policy decides a verified code by: only a verified code's claims are ever used (spec §3). */
export function codeInput(claims: HealthClaims, venue: VenueCategory, atMs: number): DecisionInput {
  return {
    person: {
      kind: 'code',
      colour: claims.colour,
      colourSince: claims.colourSince,
      ...(claims.test ? { test: claims.test } : {}),
      ...(claims.proxy ? { proxy: true } : {}),
    },
    venue,
    at: Math.floor(atMs / 1000),
  };
}

/**
 * What the policy decides a revoked code by when its revocation gives the colour held since `before` (003 §14:
 * the status changed after the code was made): that colour, and not the code's own test, which predates it.
 */
export function revokedCodeInput(
  claims: HealthClaims,
  revocation: { colour: Colour; before: number },
  venue: VenueCategory,
  atMs: number,
): DecisionInput {
  return {
    person: {
      kind: 'code',
      colour: revocation.colour,
      colourSince: revocation.before,
      ...(claims.proxy ? { proxy: true } : {}),
    },
    venue,
    at: Math.floor(atMs / 1000),
  };
}

/** What the policy decides a manually entered person by, a family member's declaration included. */
export function manualInput(
  person: ManualPerson,
  details: ManualDetails,
  venue: VenueCategory,
  atMs: number,
): DecisionInput {
  return {
    person: { ...person, ...(details.proxy ? { proxy: true } : {}) },
    venue,
    mask: details.mask,
    at: Math.floor(atMs / 1000),
    ...(details.temperature !== null ? { temperature: details.temperature } : {}),
  };
}
