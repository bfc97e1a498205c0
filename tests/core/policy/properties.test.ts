// Properties every shipped policy keeps, over arbitrary inputs (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Colour } from '../../../src/core/hcq1/types.js';
import {
  ACTIONS,
  DECLARATIONS,
  MANUAL_REASONS,
  POLICIES,
  VENUE_CATEGORIES,
  decide,
  type DecisionInput,
  type Policy,
} from '../../../src/core/policy/index.js';
import { AT, DAY, HOUR, reading } from './inputs.js';

const colour = fc.constantFrom<Colour>('green', 'yellow', 'red');
const test = fc.option(
  fc.record({
    result: fc.constantFrom('negative' as const, 'positive' as const),
    sampledAt: fc.integer({ min: AT - 30 * DAY, max: AT + HOUR }),
  }),
  { nil: undefined },
);
const person: fc.Arbitrary<DecisionInput['person']> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('code' as const),
      colour,
      colourSince: fc.integer({ min: AT - 60 * DAY, max: AT }),
      test,
      proxy: fc.boolean(),
    },
    { requiredKeys: ['kind', 'colour'] },
  ),
  fc.record({
    kind: fc.constant('manual' as const),
    reason: fc.constantFrom(...MANUAL_REASONS),
    declared: fc.subarray([...DECLARATIONS]),
  }),
);
const input: fc.Arbitrary<DecisionInput> = fc.record(
  {
    person,
    venue: fc.constantFrom(...VENUE_CATEGORIES),
    temperature: fc.double({ min: 35, max: 41, noNaN: true }),
    mask: fc.boolean(),
    emergency: fc.boolean(),
    paperTest: test,
    at: fc.constant(AT),
  },
  { requiredKeys: ['person', 'venue', 'at'] },
);
// Every shipped policy under every combination of its options' choices: each reading must keep the properties.
function readings(p: Policy): Policy[] {
  return Object.entries(p.options ?? {}).reduce<Policy[]>(
    (all, [name, o]) =>
      all.flatMap((q) => Object.keys(o.choices).map((choice) => reading(q, { [name]: choice }))),
    [p],
  );
}
const policies = fc.constantFrom(...Object.values(POLICIES).flatMap(readings));
const RANK: Record<Colour, number> = { green: 0, yellow: 1, red: 2 };

describe('every shipped policy, any input', () => {
  it('answers admit or deny with known, unique actions and at least one cited reason', () => {
    fc.assert(
      fc.property(policies, input, (p, i) => {
        const d = decide(p, i);
        expect(['admit', 'deny']).toContain(d.decision);
        expect(new Set(d.actions).size).toBe(d.actions.length);
        for (const a of d.actions) expect(ACTIONS).toContain(a);
        expect(d.reasons.length).toBeGreaterThan(0);
        for (const r of d.reasons) expect(r.cite).not.toBe('');
        expect(d.reasons.some((r) => r.rule === 'no-rule-admits')).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('has an outcome that refines the decision: escorted exactly when an admission sends the person somewhere', () => {
    fc.assert(
      fc.property(policies, input, (p, i) => {
        const d = decide(p, i);
        const guided = d.actions.includes('escort') || d.actions.includes('fever-clinic');
        const expected = d.decision === 'deny' ? 'deny' : guided ? 'admit-escorted' : 'admit';
        expect(d.outcome).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
  it('runs over every reading: 3 policies with 3, 1 and 2 two-way options make 8 + 2 + 4', () => {
    expect(Object.values(POLICIES).flatMap(readings)).toHaveLength(14);
  });
  it('a fever never turns a refusal into an admission', () => {
    fc.assert(
      fc.property(policies, input, (p, i) => {
        fc.pre(decide(p, { ...i, temperature: 36.5 }).decision === 'deny');
        expect(decide(p, { ...i, temperature: 38.5 }).decision).toBe('deny');
      }),
      { numRuns: 1000 },
    );
  });
  it('a worse colour never turns a refusal into an admission', () => {
    fc.assert(
      fc.property(policies, input, colour, (p, i, worse) => {
        fc.pre(i.person.kind === 'code' && RANK[worse] > RANK[i.person.colour]);
        fc.pre(decide(p, i).decision === 'deny');
        expect(
          decide(p, { ...i, person: { ...i.person, colour: worse } as DecisionInput['person'] }).decision,
        ).toBe('deny');
      }),
      { numRuns: 1000 },
    );
  });
  it('declaring a risk never turns a refusal into an admission', () => {
    fc.assert(
      fc.property(policies, input, fc.constantFrom(...DECLARATIONS), (p, i, extra) => {
        fc.pre(i.person.kind === 'manual' && !i.person.declared.includes(extra));
        fc.pre(decide(p, i).decision === 'deny');
        const p2 = { ...i.person, declared: [...(i.person as { declared: string[] }).declared, extra] };
        expect(decide(p, { ...i, person: p2 as DecisionInput['person'] }).decision).toBe('deny');
      }),
      { numRuns: 1000 },
    );
  });
  it('red is never admitted, except at medical institutions in Yunnan (002 §4(1) 除醫療機構外)', () => {
    fc.assert(
      fc.property(policies, input, (p, i) => {
        fc.pre(i.person.kind === 'code' && i.person.colour === 'red');
        const admitted = decide(p, i).decision === 'admit';
        expect(admitted).toBe(admitted && p.name === 'yunnan-2020' && i.venue === 'medical');
      }),
      { numRuns: 1000 },
    );
  });
});
