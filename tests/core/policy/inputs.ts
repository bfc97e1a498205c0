// Builders for decision inputs in the policy specifications (times in seconds).
import type { Colour, TestResult } from '../../../src/core/hcq1/types.js';
import {
  chooseOptions,
  decide,
  type Decision,
  type DecisionInput,
  type Declaration,
  type ManualReason,
  type Policy,
  type VenueCategory,
} from '../../../src/core/policy/index.js';

/** The time the contract examples use: 2021-12-01T08:00:00Z. */
export const AT = Date.parse('2021-12-01T08:00:00Z') / 1000;
/** One hour in seconds. */
export const HOUR = 3600;
/** One day in seconds. */
export const DAY = 86_400;

/** What may be set besides the person and the venue. */
export type Extra = Omit<Partial<DecisionInput>, 'person' | 'venue'>;

/** A code of the given colour, optionally with colour-since, a test and the proxy flag. */
export function code(
  colour: Colour,
  more: { colourSince?: number; test?: TestResult; proxy?: boolean } = {},
): DecisionInput['person'] {
  return { kind: 'code', colour, ...more };
}

/** A manual entry. */
export function manual(reason: ManualReason, declared: Declaration[] = []): DecisionInput['person'] {
  return { kind: 'manual', reason, declared };
}

/** Decides one case at AT unless `at` is given. */
export function at(
  policy: Policy,
  venue: VenueCategory,
  person: DecisionInput['person'],
  extra: Extra = {},
): Decision {
  return decide(policy, { person, venue, at: AT, ...extra });
}

/** The rule ids that shaped a decision. */
export function rules(d: Decision): string[] {
  return d.reasons.map((r) => r.rule);
}

/** The policy under other readings (its named options set to these choices); fails the test on a bad name. */
export function reading(policy: Policy, choices: Record<string, string>): Policy {
  const chosen = chooseOptions(policy, choices);
  if (!chosen.ok) throw new Error(chosen.error.message);
  return chosen.value;
}
