// The engine's precedence and conditions, on a small policy written for these cases, and the validator.
import { describe, expect, it } from 'vitest';
import {
  chooseOptions,
  decide,
  outcomeOf,
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

describe('options: readings chosen in the data', () => {
  const fever = {
    ...cited,
    choices: { colour: 'fever counts through the colour', refuse: 'fever is refused' },
    literal: 'colour',
    chosen: 'colour',
  };
  const p = policy(
    [
      admitGreen,
      {
        id: 'f',
        when: { fever: true, option: { fever: 'refuse' } },
        effect: { decision: 'deny', actions: ['fever-clinic'] },
        ...cited,
      },
    ],
    { options: { fever } },
  );
  const hot = { person: code('green'), venue: 'mall' as const, at: AT, temperature: 38 };

  it('a rule with an option condition applies only while the policy chooses that reading', () => {
    expect(decide(p, hot).decision).toBe('admit');
    const refuse = chooseOptions(p, { fever: 'refuse' });
    expect(refuse.ok && decide(refuse.value, hot)).toMatchObject({
      decision: 'deny',
      actions: ['fever-clinic'],
    });
  });
  it('choosing leaves the original policy as it was, and records the choice in the data', () => {
    const refuse = chooseOptions(p, { fever: 'refuse' });
    expect(refuse.ok && refuse.value.options?.['fever']?.chosen).toBe('refuse');
    expect(p.options?.['fever']?.chosen).toBe('colour');
    expect(refuse.ok && parsePolicy(JSON.parse(JSON.stringify(refuse.value))).ok).toBe(true);
  });
  it('an unknown option or choice is a typed error naming the valid ones', () => {
    expect(chooseOptions(p, { heat: 'refuse' })).toMatchObject({
      ok: false,
      error: { kind: 'unknown-option', option: 'heat', known: ['fever'] },
    });
    const r = chooseOptions(p, { fever: 'ignore' });
    expect(r.ok ? '' : r.error.message).toContain('colour, refuse');
  });
  it('names inherited from Object are no options or choices', () => {
    expect(chooseOptions(p, { constructor: 'refuse' }).ok).toBe(false);
    expect(chooseOptions(p, { fever: 'toString' }).ok).toBe(false);
  });
  it('a policy without options has none to choose', () => {
    expect(chooseOptions(policy([admitGreen]), {}).ok).toBe(true);
    expect(chooseOptions(policy([admitGreen]), { fever: 'refuse' }).ok).toBe(false);
  });
});

describe('outcome: an admission for care, escorted, is not a plain admit', () => {
  const admitWith = (actions: Rule['effect']['actions']) =>
    decide(policy([{ ...admitGreen, effect: { decision: 'admit', actions } }]), {
      person: code('green'),
      venue: 'mall',
      at: AT,
    }).outcome;
  it.each([
    [[], 'admit'],
    [['verify-identity', 'mask'], 'admit'],
    [['escort', 'report'], 'admit-escorted'],
    [['fever-clinic'], 'admit-escorted'],
  ] as const)('admit with %j → %s', (actions, outcome) => {
    expect(admitWith([...actions])).toBe(outcome);
  });
  it('outcomeOf gives a logged record’s outcome from its decision and actions (plain strings)', () => {
    expect(outcomeOf('admit', ['report', 'escort'])).toBe('admit-escorted');
    expect(outcomeOf('admit', ['verify-identity'])).toBe('admit');
    expect(outcomeOf('deny', ['escort', 'update-trust'])).toBe('deny');
  });
  it('a refusal is a deny outcome, whatever its actions', () => {
    const p = policy([
      admitGreen,
      { id: 'd', when: {}, effect: { decision: 'deny', actions: ['escort'] }, ...cited },
    ]);
    expect(decide(p, { person: code('green'), venue: 'mall', at: AT }).outcome).toBe('deny');
    expect(decide(p, { person: code('green'), venue: 'taxi', at: AT }).outcome).toBe('deny');
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
  const classified = { id: 'c', when: {}, colour: 'yellow', ...cited };
  it.each([
    ['a classification that is not an object', { classify: [3] }, 'classify[0]: not an object'],
    ['a rule that is not an object', { rules: [admitGreen, 'g'] }, 'rules[1]: not an object'],
    ['a classification without an id', { classify: [{ ...classified, id: 7 }] }, 'classify[0]: no id'],
    [
      'a rule with the id of a classification',
      { classify: [{ ...classified, id: 'g' }] },
      'rules[0]: duplicate id g',
    ],
    ['a classification without a cite', { classify: [{ ...classified, cite: '' }] }, 'classify[0]: no cite'],
    [
      'a classification with an unknown condition',
      { classify: [{ ...classified, when: { age: 3 } }] },
      'unknown key "age"',
    ],
    [
      'a classification to an unknown colour',
      { classify: [{ ...classified, colour: 'blue' }] },
      'classify[0].colour',
    ],
  ])('refuses %s', (_, fields, problem) => {
    expect(bad((p) => Object.assign(p, fields)).join('; ')).toContain(problem);
  });
  it('refuses a function smuggled into the data and a wrong schema', () => {
    expect(bad((p) => (p.schema = 'other')).join()).toContain('schema');
    expect(bad((p) => (p.rules = [{ ...admitGreen, when: { fever: () => true } }])).join()).toContain(
      'fever',
    );
  });
  it('refuses options that name no choices, choose an unknown one, or are referred to but missing', () => {
    const fever = { ...cited, choices: { a: 'A', b: 'B' }, literal: 'a', chosen: 'a' };
    expect(bad((p) => (p.options = { fever }))).toEqual([]);
    expect(bad((p) => (p.options = { fever: { ...fever, chosen: 'c' } })).join()).toContain(
      'options.fever.chosen',
    );
    expect(bad((p) => (p.options = { fever: { ...fever, literal: 'c' } })).join()).toContain(
      'options.fever.literal',
    );
    expect(bad((p) => (p.options = { fever: { ...fever, choices: { a: 'A' } } })).join()).toContain(
      'at least two',
    );
    expect(bad((p) => (p.options = { fever: { ...fever, cite: '' } })).join()).toContain('no cite');
    expect(bad((p) => (p.options = { Fever: fever })).join()).toContain('lower-case');
    const gated = { ...admitGreen, when: { option: { fever: 'b' } } };
    expect(bad((p) => (p.rules = [gated])).join()).toContain('no option "fever"');
    expect(
      bad((p) => {
        p.options = { fever };
        p.rules = [{ ...admitGreen, when: { option: { fever: 'z' } } }];
      }).join(),
    ).toContain('"z" is not a choice of "fever"');
    expect(
      bad((p) => (p.rules = [{ ...admitGreen, when: { option: { constructor: 'b' } } }])).join(),
    ).toContain('no option "constructor"');
    expect(bad((p) => (p.options = { fever: { ...fever, chosen: 'toString' } })).join()).toContain(
      'options.fever.chosen',
    );
  });
  it('refuses non-objects', () => {
    expect(parsePolicy(null).ok).toBe(false);
    expect(parsePolicy('zhejiang-2020').ok).toBe(false);
  });
});
