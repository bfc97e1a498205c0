// The engine's precedence and conditions, on a small policy written for these cases, and the validator.
import { describe, expect, it } from 'vitest';
import {
  decide,
  parsePolicy,
  POLICY_SCHEMA,
  type Policy,
  type Rule,
} from '../../../src/core/policy/index.js';
import { AT, DAY, HOUR, code, manual } from './inputs.js';

const cited = { cite: '900 §1', text: '示例。', gloss: 'example' };

function policy(rules: Rule[], more: Partial<Policy> = {}): Policy {
  return {
    schema: POLICY_SCHEMA,
    name: 'test-policy',
    version: 3,
    title: 'test',
    titleZh: '测试',
    region: 'CN-XX',
    sources: [{ doc: '900', title: 't', issuer: 'i', issued: '2021-01-01' }],
    feverAt: 37.3,
    temperatureEntry: 'optional',
    maxOfflineHours: 24,
    retentionDays: 28,
    declarationQuestions: ['fever'],
    declarationSource: cited,
    venues: ['mall', 'medical'],
    venueClasses: { care: ['medical'] },
    settingsNotes: [],
    classify: [],
    rules,
    ...more,
  };
}

const admitGreen: Rule = {
  id: 'g',
  when: { colour: ['green'] },
  effect: { decision: 'admit', actions: [] },
  ...cited,
};

describe('precedence: deny beats admit, every applying rule of the winning side contributes', () => {
  it('a deny rule wins over an admit rule listed before it', () => {
    const p = policy([
      admitGreen,
      { id: 'd', when: { venue: ['mall'] }, effect: { decision: 'deny', actions: ['hold'] }, ...cited },
    ]);
    const d = decide(p, { person: code('green'), venue: 'mall', at: AT });
    expect(d).toMatchObject({ decision: 'deny', actions: ['hold'], policy: 'test-policy', policyVersion: 3 });
    expect(d.reasons.map((r) => r.rule)).toEqual(['d']);
  });
  it('actions of all applying deny rules are merged, in the vocabulary order, without repeats', () => {
    const p = policy([
      { id: 'a', when: {}, effect: { decision: 'deny', actions: ['mask', 'hold'] }, ...cited },
      { id: 'b', when: {}, effect: { decision: 'deny', actions: ['report', 'hold'] }, ...cited },
    ]);
    expect(decide(p, { person: code('green'), venue: 'mall', at: AT }).actions).toEqual([
      'hold',
      'report',
      'mask',
    ]);
  });
  it('advisory rules add their actions to either decision', () => {
    const adv: Rule = { id: 'x', when: { proxy: true }, effect: { actions: ['verify-identity'] }, ...cited };
    const p = policy([admitGreen, adv]);
    expect(decide(p, { person: code('green', { proxy: true }), venue: 'mall', at: AT }).actions).toEqual([
      'verify-identity',
    ]);
    expect(decide(p, { person: code('red', { proxy: true }), venue: 'mall', at: AT }).actions).toEqual([
      'verify-identity',
    ]);
  });
  it('when no rule admits, the answer is deny with the engine’s own reason (closed by default)', () => {
    const d = decide(policy([admitGreen]), { person: code('yellow'), venue: 'mall', at: AT });
    expect(d.decision).toBe('deny');
    expect(d.reasons[0]?.rule).toBe('no-rule-admits');
  });
  it('a venue the policy does not cover is refused with the engine’s own reason', () => {
    const d = decide(policy([admitGreen]), { person: code('green'), venue: 'taxi', at: AT });
    expect(d).toMatchObject({ decision: 'deny', reasons: [{ rule: 'venue-not-covered' }] });
  });
  it('`unless` lifts a rule where the document says "except"', () => {
    const p = policy([
      admitGreen,
      {
        id: 'd',
        when: {},
        unless: [{ venueClass: 'care' }],
        effect: { decision: 'deny', actions: [] },
        ...cited,
      },
    ]);
    expect(decide(p, { person: code('green'), venue: 'mall', at: AT }).decision).toBe('deny');
    expect(decide(p, { person: code('green'), venue: 'medical', at: AT }).decision).toBe('admit');
  });
});

describe('conditions', () => {
  const only = (when: Rule['when']) =>
    policy([{ id: 'r', when, effect: { decision: 'admit', actions: [] }, ...cited }]);
  const admits = (p: Policy, input: Partial<Parameters<typeof decide>[1]>) =>
    decide(p, { person: code('green'), venue: 'mall', at: AT, ...input }).decision === 'admit';

  it('fever: at or above feverAt, or declared; an absent temperature is not fever', () => {
    const p = only({ fever: true });
    expect(admits(p, { temperature: 37.3 })).toBe(true);
    expect(admits(p, { temperature: 37.29 })).toBe(false);
    expect(admits(p, {})).toBe(false);
    expect(admits(p, { person: manual('elderly', ['fever']) })).toBe(true);
    expect(admits(only({ fever: false }), {})).toBe(true);
  });
  it('colour: a manual entry with nothing declared has no colour', () => {
    expect(admits(only({ colour: ['green', 'yellow', 'red'] }), { person: manual('child') })).toBe(false);
  });
  it('colour age needs colour-since and counts whole seconds', () => {
    const p = only({ colourAgeAtLeastDays: 14 });
    expect(admits(p, {})).toBe(false);
    expect(admits(p, { person: code('green', { colourSince: AT - 14 * DAY }) })).toBe(true);
    expect(admits(p, { person: code('green', { colourSince: AT - 14 * DAY + 1 }) })).toBe(false);
  });
  it('test: the latest of code and paper tests, within the window, not dated in the future', () => {
    const p = only({ test: { result: 'negative', withinHours: 24 } });
    const neg = (h: number) => ({ result: 'negative' as const, sampledAt: AT - h * HOUR });
    expect(admits(p, { paperTest: neg(24) })).toBe(true);
    expect(admits(p, { paperTest: neg(24.01) })).toBe(false);
    expect(admits(p, { paperTest: { result: 'negative', sampledAt: AT + 299 } })).toBe(true);
    expect(admits(p, { paperTest: { result: 'negative', sampledAt: AT + 301 } })).toBe(false);
    const positiveLater = { result: 'positive' as const, sampledAt: AT - HOUR };
    expect(admits(p, { person: code('green', { test: positiveLater }), paperTest: neg(5) })).toBe(false);
  });
  it('mask, emergency and proxy: absent means false', () => {
    expect(admits(only({ mask: false }), {})).toBe(true);
    expect(admits(only({ emergency: false }), {})).toBe(true);
    expect(admits(only({ proxy: false }), {})).toBe(true);
    expect(admits(only({ mask: true }), { mask: true })).toBe(true);
  });
  it('reason and declared apply to manual entries only', () => {
    expect(admits(only({ reason: ['child'] }), { person: manual('child') })).toBe(true);
    expect(admits(only({ reason: ['child'] }), {})).toBe(false);
    expect(admits(only({ declared: ['contact'] }), { person: manual('child', ['contact']) })).toBe(true);
  });
  it('classification only raises a colour', () => {
    const p = policy(
      [{ id: 'y', when: { colour: ['yellow'] }, effect: { decision: 'admit', actions: [] }, ...cited }],
      {
        classify: [
          { id: 'c', when: { source: 'manual' }, colour: 'yellow', ...cited },
          { id: 'g', when: {}, colour: 'green', ...cited },
        ],
      },
    );
    expect(decide(p, { person: manual('child'), venue: 'mall', at: AT }).colour).toBe('yellow');
    expect(decide(p, { person: code('red'), venue: 'mall', at: AT }).colour).toBe('red');
  });
});

describe('the validator refuses malformed policies with a list of problems', () => {
  const bad = (mutate: (p: Record<string, unknown>) => void): string[] => {
    const p = JSON.parse(JSON.stringify(policy([admitGreen]))) as Record<string, unknown>;
    mutate(p);
    const r = parsePolicy(p);
    return r.ok ? [] : r.error.kind === 'invalid-policy' ? r.error.problems : [r.error.message];
  };
  it('accepts the well-formed base', () => expect(bad(() => {})).toEqual([]));
  it('refuses an unknown venue, action, colour or condition key', () => {
    expect(bad((p) => (p.venues = ['casino'])).join()).toContain('venues');
    expect(
      bad((p) => (p.rules = [{ ...admitGreen, effect: { decision: 'admit', actions: ['shoot'] } }])).join(),
    ).toContain('actions');
    expect(bad((p) => (p.rules = [{ ...admitGreen, when: { colour: ['blue'] } }])).join()).toContain(
      'unknown "blue"',
    );
    expect(bad((p) => (p.rules = [{ ...admitGreen, when: { age: 3 } }])).join()).toContain(
      'unknown key "age"',
    );
  });
  it('refuses a cite of a document the policy does not list, or one without a paragraph', () => {
    expect(bad((p) => (p.rules = [{ ...admitGreen, cite: '003 §17' }])).join()).toContain('not a source');
    expect(bad((p) => (p.rules = [{ ...admitGreen, cite: 'see the notice' }])).join()).toContain(
      'is not like',
    );
  });
  it('refuses a rule without its sentence, duplicate ids, a missing venue class, and a policy that admits no one', () => {
    expect(bad((p) => (p.rules = [{ ...admitGreen, text: '' }])).join()).toContain('no text');
    expect(bad((p) => (p.rules = [admitGreen, admitGreen])).join()).toContain('duplicate id');
    expect(bad((p) => (p.rules = [{ ...admitGreen, when: { venueClass: 'none' } }])).join()).toContain(
      'no class',
    );
    expect(
      bad((p) => (p.rules = [{ ...admitGreen, effect: { decision: 'deny', actions: [] } }])).join(),
    ).toContain('none admits');
  });
  it('refuses a function smuggled into the data and a wrong schema', () => {
    expect(bad((p) => (p.schema = 'other')).join()).toContain('schema');
    expect(bad((p) => (p.rules = [{ ...admitGreen, when: { fever: () => true } }])).join()).toContain(
      'fever',
    );
  });
  it('refuses non-objects', () => {
    expect(parsePolicy(null).ok).toBe(false);
    expect(parsePolicy('zhejiang-2020').ok).toBe(false);
  });
});
