// What staff see at the door that can change a decision: offered when, and only when, the policy says so.
import { describe, expect, it } from 'vitest';
import {
  awaitsTemperature,
  situationsThatMatter,
  withReported,
  withSituation,
  type DecisionInput,
  type Situation,
} from '../../../src/core/policy/index.js';
import { chongqing2021 } from '../../../src/core/policy/policies/chongqing-2021.js';
import { yunnan2020 } from '../../../src/core/policy/policies/yunnan-2020.js';
import { zhejiang2020 } from '../../../src/core/policy/policies/zhejiang-2020.js';
import { AT, DAY, HOUR, code, manual, type Extra } from './inputs.js';

const input = (person: DecisionInput['person'], venue: DecisionInput['venue'], extra: Extra = {}) => ({
  person,
  venue,
  at: AT,
  ...extra,
});

describe('situationsThatMatter', () => {
  it.each<[string, Parameters<typeof situationsThatMatter>, Situation[]]>([
    // 001 §2(2): “黄码”人员在全程正确佩戴口罩情况下,允许乘坐出租车、网约车等交通工具。
    ['001 §2(2) a yellow code in a taxi: the mask', [zhejiang2020, input(code('yellow'), 'taxi')], ['mask']],
    ['001 §2(3) a green code in a taxi: nothing', [zhejiang2020, input(code('green'), 'taxi')], []],
    // 001 §2(2): 限制其进入……博物馆 — no mask or test lets yellow in.
    ['001 §2(2) a yellow code at a museum: nothing', [zhejiang2020, input(code('yellow'), 'museum')], []],
    // 001 §3(4): 在核实身份、佩戴口罩情况下,允许其乘坐公共交通工具
    [
      '001 §3(4) an elderly person without a smartphone: the mask',
      [zhejiang2020, input(manual('elderly'), 'public-transport')],
      ['mask'],
    ],
    // 003 §18: 黄码急诊就医人员……提供诊疗服务。其他黄码就医人员,应该持有24小时核酸检测阴性证明
    [
      '003 §18 a yellow code at a hospital: an emergency, a negative test',
      [chongqing2021, input(code('yellow'), 'medical')],
      ['emergency', 'test'],
    ],
    [
      '003 §18 … once an emergency is reported, the test no longer changes anything',
      [chongqing2021, input(code('yellow'), 'medical', { emergency: true })],
      ['emergency'],
    ],
    // 003 §17: 对赋黄码人员……就地管控 — at a mall nothing staff see lets yellow in.
    ['003 §17 a yellow code at a mall: nothing', [chongqing2021, input(code('yellow'), 'mall')], []],
    [
      '003 §18 a yellow code whose own test is fresh: nothing left to show',
      [
        chongqing2021,
        input(code('yellow', { test: { result: 'negative', sampledAt: AT - HOUR } }), 'medical'),
      ],
      [],
    ],
    // 002 §4(1): 除醫療機構外 — red at a hospital is admitted for care whatever staff see.
    ['002 §4(1) a red code at a Yunnan hospital: nothing', [yunnan2020, input(code('red'), 'medical')], []],
  ])('%s', (_case, [policy, i], expected) => {
    expect(situationsThatMatter(policy, i)).toEqual(expected);
  });

  it('a negative test counts only while fresh: one sampled 25 h ago does not admit a yellow code (003 §18)', () => {
    const stale = {
      ...input(code('yellow'), 'medical'),
      paperTest: { result: 'negative' as const, sampledAt: AT - 25 * HOUR },
    };
    expect(situationsThatMatter(chongqing2021, stale)).toContain('test');
  });
});

describe('withSituation', () => {
  const base = input(code('yellow'), 'medical');
  it.each<[Situation, boolean, Partial<DecisionInput>]>([
    ['mask', true, { mask: true }],
    ['mask', false, { mask: false }],
    ['emergency', true, { emergency: true }],
    ['test', true, { paperTest: { result: 'negative', sampledAt: AT } }],
    ['test', false, {}],
  ])('%s %s', (situation, present, expected) => {
    const paper = { ...base, paperTest: { result: 'negative' as const, sampledAt: AT - DAY } };
    expect(withSituation(situation === 'test' ? paper : base, situation, present)).toEqual({
      ...base,
      ...expected,
    });
  });
});

describe('awaitsTemperature', () => {
  // 000 §7(2)3: 對于持綠碼的人員,在體溫檢測正常的情況下,應予以放行
  it.each<[string, Parameters<typeof awaitsTemperature>, boolean]>([
    [
      '000 §7(2)3 Yunnan green, no temperature yet: waits',
      [yunnan2020, input(code('green', { colourSince: AT - DAY }), 'office')],
      true,
    ],
    [
      '000 §7(2)3 Yunnan green with a normal temperature: decided',
      [yunnan2020, input(code('green', { colourSince: AT - DAY }), 'office', { temperature: 36.6 })],
      false,
    ],
    // 002 §4(1), 000 §6(3)1: red and yellow admitted for care at a hospital, a fever keeps them from its door.
    [
      '002 §4(1) Yunnan yellow at a hospital: waits (a fever would refuse it)',
      [yunnan2020, input(code('yellow'), 'medical')],
      true,
    ],
    [
      '002 §4(1) Yunnan red at a mall: refused with or without fever, no wait',
      [yunnan2020, input(code('red'), 'mall')],
      false,
    ],
    [
      '002 附件 §4(2)3 Yunnan declared fever: no wait, the fever is known',
      [yunnan2020, input(manual('elderly', ['fever']), 'mall')],
      false,
    ],
    [
      '001 (no temperature check) Zhejiang green: never waits',
      [zhejiang2020, input(code('green'), 'supermarket')],
      false,
    ],
  ])('%s', (_case, [policy, i], expected) => {
    expect(awaitsTemperature(policy, i)).toBe(expected);
  });
});

describe('withReported', () => {
  it('merges what staff report at a new time, and takes back what is given as undefined', () => {
    const base = input(code('yellow'), 'taxi', { mask: true, emergency: true });
    expect(withReported(base, { emergency: undefined, temperature: 36.5 }, AT + 60)).toEqual({
      person: base.person,
      venue: 'taxi',
      mask: true,
      temperature: 36.5,
      at: AT + 60,
    });
  });
});
