// What staff see at the door that a code does not say (a mask, an emergency, a negative test on paper or an app,
// a temperature): which of them can change a decision, found by deciding with and without each one.
import { decide } from './evaluate.js';
import type { Decision, DecisionInput, Policy } from './types.js';

/** What staff can report with one tap on the decision screen. */
export const SITUATIONS = ['mask', 'emergency', 'test'] as const;

/** A situation: a mask worn, a medical emergency, a negative test shown on paper or an app. */
export type Situation = (typeof SITUATIONS)[number];

/** What staff reported at the door, as the policy's input takes it (absent: not reported). */
export type Reported = Pick<DecisionInput, 'mask' | 'emergency' | 'paperTest' | 'temperature'>;

const same = (a: Decision, b: Decision): boolean => a.decision === b.decision && a.outcome === b.outcome;

/**
 * The input with `situation` present or absent. A test present is a negative one sampled at the decision's
 * time (the freshest a test can be); a test absent removes the one shown, never the code's own.
 */
export function withSituation(input: DecisionInput, situation: Situation, present: boolean): DecisionInput {
  if (situation === 'mask') return { ...input, mask: present };
  if (situation === 'emergency') return { ...input, emergency: present };
  const { paperTest: _shown, ...rest } = input;
  return present ? { ...rest, paperTest: { result: 'negative', sampledAt: input.at } } : rest;
}

/**
 * The situations whose presence changes the decision or its outcome under `policy`, the others as they are in
 * `input`: what the screen offers, and only that. A situation already reported stays on the list while it
 * matters, so it can be taken back.
 */
export function situationsThatMatter(policy: Policy, input: DecisionInput): Situation[] {
  return SITUATIONS.filter(
    (s) =>
      !same(decide(policy, withSituation(input, s, true)), decide(policy, withSituation(input, s, false))),
  );
}

/**
 * True when the policy makes a normal temperature a condition of entry (`temperatureEntry: 'ask'`), none was
 * taken yet, and a fever would change this decision: then no decision may be shown before a temperature.
 */
export function awaitsTemperature(policy: Policy, input: DecisionInput): boolean {
  if (policy.temperatureEntry !== 'ask' || input.temperature !== undefined) return false;
  return !same(decide(policy, input), decide(policy, { ...input, temperature: policy.feverAt }));
}

/** The input with what staff reported merged in; a key given as undefined takes the report back. */
export function withReported(input: DecisionInput, reported: Partial<Reported>, at: number): DecisionInput {
  const next: DecisionInput = { ...input, at };
  for (const key of ['mask', 'emergency', 'paperTest', 'temperature'] as const) {
    if (!(key in reported)) continue;
    const value = reported[key];
    if (value === undefined) delete next[key];
    else Object.assign(next, { [key]: value });
  }
  return next;
}
