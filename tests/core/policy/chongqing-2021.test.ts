// Chongqing 2021-11-07 (seeds/003) as a specification: each case names its article and quotes the sentence.
import { describe, expect, it } from 'vitest';
import { VENUE_CATEGORIES } from '../../../src/core/policy/index.js';
import { chongqing2021 as P } from '../../../src/core/policy/policies/chongqing-2021.js';
import { AT, DAY, HOUR, at, code, manual, reading, rules } from './inputs.js';

const NOT_MEDICAL = VENUE_CATEGORIES.filter((v) => v !== 'medical');
const REFUSE = reading(P, { fever: 'refuse' });
const negative = (hoursAgo: number) => ({ result: 'negative' as const, sampledAt: AT - hoursAgo * HOUR });

describe('chongqing-2021: red (003 §16)', () => {
  // 003 §16: 对赋红码人员,实行禁止出行管控措施。
  it.each(VENUE_CATEGORIES)('003 §16 red at %s (禁止出行): deny, hold + report', (venue) => {
    const d = at(P, venue, code('red'), { emergency: true, paperTest: negative(2) });
    expect(d.decision).toBe('deny');
    expect(d.actions).toEqual(['hold', 'report']);
    expect(d.reasons[0]?.cite).toBe('003 §16, §17');
  });
});

describe('chongqing-2021: yellow (003 §17)', () => {
  // 003 §17: 由发现黄码的单位(包括交通口岸、公共场所、小区、单位等)立即对相关人员就地管控,同时向其所在社区(村)报告
  it.each(NOT_MEDICAL)(
    '003 §17 yellow at %s: deny, held on the spot (就地管控) and reported (向其所在社区报告)',
    (venue) => {
      const d = at(P, venue, code('yellow'), { mask: true, paperTest: negative(2) });
      expect(d.decision).toBe('deny');
      expect(d.actions).toEqual(['hold', 'report']);
      expect(rules(d)).toEqual(['yellow-hold-report']);
    },
  );
  it('003 §17 the public example: yellow at a transit hub is held and reported', () => {
    expect(at(P, 'transit-hub', code('yellow'))).toMatchObject({
      decision: 'deny',
      actions: ['hold', 'report'],
    });
  });
  it('003 §17 no taxi exception in Chongqing, mask or not', () => {
    expect(at(P, 'taxi', code('yellow'), { mask: true }).decision).toBe('deny');
  });
});

describe('chongqing-2021: yellow at medical institutions (003 §18)', () => {
  // 003 §18: 其他黄码就医人员,应该持有24小时核酸检测阴性证明,医疗机构要安排专人进行流行病学史排查
  it('003 §18 the public example: negative test sampled 6 hours ago (24小时核酸检测阴性证明): admit', () => {
    const d = at(P, 'medical', code('yellow'), { paperTest: negative(6) });
    expect(d).toMatchObject({ decision: 'admit', outcome: 'admit-escorted' });
    expect(d.actions).toEqual(['report', 'escort']);
    expect(d.reasons[0]?.cite).toBe('003 §18');
  });
  it('003 §18 the negative result may come from the code itself', () => {
    expect(at(P, 'medical', code('yellow', { test: negative(23) })).decision).toBe('admit');
  });
  it('003 §18 a test 25 hours old is too old: deny, held, reported, sent to be tested', () => {
    const d = at(P, 'medical', code('yellow'), { paperTest: negative(25) });
    expect(d.decision).toBe('deny');
    expect(d.actions).toEqual(['hold', 'report', 'test']);
    expect(rules(d)).toEqual(['yellow-medical-untested']);
  });
  it('003 §18 exactly 24 hours still counts; a result dated in the future (beyond clock tolerance) does not', () => {
    expect(at(P, 'medical', code('yellow'), { paperTest: negative(24) }).decision).toBe('admit');
    expect(at(P, 'medical', code('yellow'), { paperTest: negative(-1) }).decision).toBe('deny');
  });
  it('003 §18 no test: deny', () => {
    expect(at(P, 'medical', code('yellow')).decision).toBe('deny');
  });
  it('003 §18 a positive test is not a negative one: red (003 §11), refused', () => {
    const d = at(P, 'medical', code('yellow'), {
      paperTest: { result: 'positive', sampledAt: AT - 6 * HOUR },
    });
    expect(d.decision).toBe('deny');
    expect(d.colour).toBe('red');
  });
  // 003 §18: 黄码急诊就医人员按照疑似新冠病例做好院感防控,提供诊疗服务。
  it('003 §18 a yellow-code emergency is treated (提供诊疗服务) without a test: admit, escorted, reported', () => {
    const d = at(P, 'medical', code('yellow'), { emergency: true });
    expect(d.decision).toBe('admit');
    expect(d.actions).toEqual(['report', 'escort']);
    expect(rules(d)).toEqual(['yellow-medical-emergency']);
  });
  it('003 §18 an emergency elsewhere than a medical institution changes nothing', () => {
    expect(at(P, 'transit-hub', code('yellow'), { emergency: true }).decision).toBe('deny');
  });
  it('003 §18 a yellow-code emergency is an escorted admission, not a plain one', () => {
    expect(at(P, 'medical', code('yellow'), { emergency: true }).outcome).toBe('admit-escorted');
  });
  it('003 §12 literally (fever=colour), a feverish yellow-code emergency is treated like any yellow emergency', () => {
    const d = at(P, 'medical', code('yellow'), { emergency: true, temperature: 38.4 });
    expect(d).toMatchObject({ decision: 'admit', outcome: 'admit-escorted', actions: ['report', 'escort'] });
  });
  it('option fever=refuse: a feverish yellow-code emergency is treated through the fever clinic', () => {
    const d = at(REFUSE, 'medical', code('yellow'), { emergency: true, temperature: 38.4 });
    expect(d).toMatchObject({ decision: 'admit', outcome: 'admit-escorted' });
    expect(d.actions).toEqual(['report', 'escort', 'fever-clinic']);
  });
  // The most urgent case keeps the hold and the report: yellow + fever + a negative test at a hospital.
  it('003 §18 literally, yellow with a fever and a negative test of 6 hours is seen, escorted and reported', () => {
    const d = at(P, 'medical', code('yellow'), { paperTest: negative(6), temperature: 38 });
    expect(d).toMatchObject({ decision: 'admit', outcome: 'admit-escorted', actions: ['report', 'escort'] });
  });
  it('003 §17 option fever=refuse: yellow with a fever and a negative test, kept from the hospital’s door, is held and reported', () => {
    const d = at(REFUSE, 'medical', code('yellow'), { paperTest: negative(6), temperature: 38 });
    expect(d).toMatchObject({ decision: 'deny', actions: ['hold', 'report', 'fever-clinic'] });
    expect(rules(d)).toEqual(['fever-clinic', 'fever-yellow-medical-hold']);
  });
});

describe('chongqing-2021: green (003 §13) and temperature (003 §12)', () => {
  // 003 §13: 不符合判定赋红码、黄码的人员,自动赋绿码。
  it.each(VENUE_CATEGORIES)('003 §13 green at %s: admit', (venue) => {
    expect(at(P, venue, code('green'))).toMatchObject({ decision: 'admit', actions: [] });
  });
  it('003 §13 no 14-day limit in Chongqing', () => {
    expect(at(P, 'mall', code('green', { colourSince: AT - 90 * DAY })).decision).toBe('admit');
  });
  // 003 §12: 有发热、气促、呼吸道症状且有流行病学史的人员 → 黄码; 003 sets no temperature check at entry.
  it('003 §12 literally (fever=colour), green with 37.5 °C: fever alone (需有流行病学史) changes nothing, admit', () => {
    expect(P.options?.['fever']).toMatchObject({ literal: 'colour', chosen: 'colour' });
    const d = at(P, 'mall', code('green'), { temperature: 37.5 });
    expect(d).toMatchObject({ decision: 'admit', outcome: 'admit', actions: [], colour: 'green' });
  });
  it('option fever=refuse: green with 37.5 °C is refused and sent to the fever clinic', () => {
    const d = at(REFUSE, 'mall', code('green'), { temperature: 37.5 });
    expect(d).toMatchObject({ decision: 'deny', actions: ['fever-clinic'] });
  });
  it('003 §12 fever alone does not make a code yellow (需有流行病学史): no hold or report, under either reading', () => {
    for (const policy of [P, REFUSE]) {
      const d = at(policy, 'mall', code('green'), { temperature: 37.5 });
      expect(d.colour).toBe('green');
      expect(d.actions).not.toContain('hold');
    }
  });
  it('003 §18 option fever=refuse: a feverish green emergency at a hospital is admitted through the fever clinic', () => {
    expect(at(REFUSE, 'medical', code('green'), { temperature: 38, emergency: true })).toMatchObject({
      decision: 'admit',
      outcome: 'admit-escorted',
      actions: ['fever-clinic'],
    });
  });
  it('option fever=refuse: a feverish green non-emergency at a hospital goes to the fever clinic, not the main entrance', () => {
    expect(at(REFUSE, 'medical', code('green'), { temperature: 38 })).toMatchObject({
      decision: 'deny',
      actions: ['fever-clinic'],
    });
  });
});

describe('chongqing-2021: no-code lane, foreigners, proxies (003 §7)', () => {
  // 003 §7: 有条件的地区和场所要为不能线上申报的特殊人群设立“无健康码通道”
  it.each(['elderly', 'child', 'no-phone'] as const)(
    '003 §7 %s passes through the no-code lane (无健康码通道)',
    (reason) => {
      const d = at(P, 'mall', manual(reason));
      expect(d).toMatchObject({ decision: 'admit', actions: ['verify-identity'] });
      expect(d.reasons[0]?.cite).toBe('003 §7');
    },
  );
  // 003 §7: 港澳台和外籍人士可通过“渝康码”港澳台及外籍人士通道提交个人身份信息进行申领。
  it('003 §7 a foreigner applies through the foreigners’ channel (外籍人士通道): refused, asked to apply', () => {
    expect(P.options?.['foreigners']).toMatchObject({ literal: 'apply', chosen: 'apply' });
    expect(at(P, 'hotel', manual('foreigner'))).toMatchObject({
      decision: 'deny',
      actions: ['re-register'],
      reasons: [{ rule: 'foreigner-apply', cite: '003 §7' }],
    });
  });
  it('option foreigners=no-code-lane: a foreigner without a code uses the no-code lane, passport checked', () => {
    expect(at(reading(P, { foreigners: 'no-code-lane' }), 'hotel', manual('foreigner'))).toMatchObject({
      decision: 'admit',
      actions: ['verify-identity'],
    });
  });
  it('003 §11 a declared close contact is red', () => {
    expect(at(P, 'mall', manual('elderly', ['contact']))).toMatchObject({ decision: 'deny', colour: 'red' });
  });
  it('003 §12 a declared risk-area arrival is yellow: held and reported', () => {
    expect(at(P, 'mall', manual('elderly', ['risk-area']))).toMatchObject({
      decision: 'deny',
      actions: ['hold', 'report'],
      colour: 'yellow',
    });
  });
  it('003 §12 declared fever is not yellow by itself: the no-code lane literally, the fever clinic under fever=refuse', () => {
    const d = at(P, 'mall', manual('elderly', ['fever']));
    expect(d).toMatchObject({ decision: 'admit', actions: ['verify-identity'] });
    expect(d.colour).toBeUndefined();
    expect(at(REFUSE, 'mall', manual('elderly', ['fever']))).toMatchObject({
      decision: 'deny',
      actions: ['fever-clinic'],
    });
  });
  // 003 §7: 可由其共同居住的成年亲属代为线上申领“渝康码”
  it('003 §7 a code applied for by a relative (代为申领) passes, identity checked', () => {
    expect(at(P, 'mall', code('green', { proxy: true }))).toMatchObject({
      decision: 'admit',
      actions: ['verify-identity'],
    });
  });
});
