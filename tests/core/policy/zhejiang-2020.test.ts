// Zhejiang 2020-07-06 (seeds/001) as a specification: each case names its paragraph and quotes the sentence.
import { describe, expect, it } from 'vitest';
import { VENUE_CATEGORIES, type VenueCategory } from '../../../src/core/policy/index.js';
import { zhejiang2020 as P } from '../../../src/core/policy/policies/zhejiang-2020.js';
import { AT, DAY, HOUR, at, code, manual, reading, rules } from './inputs.js';

const YELLOW_RESTRICTED: VenueCategory[] = [
  'school',
  'nursing-home',
  'welfare-home',
  'mental-health',
  'prison',
  'wholesale-market',
  'farmers-market',
  'supermarket',
  'library',
  'museum',
  'gallery',
  'exhibition-hall',
  'cinema',
  'theatre',
  'game-hall',
];
const HIRE_CARS: VenueCategory[] = ['taxi'];
const YELLOW_FREE = VENUE_CATEGORIES.filter((v) => !YELLOW_RESTRICTED.includes(v) && !HIRE_CARS.includes(v));

describe('zhejiang-2020: red (001 §2(1))', () => {
  // 001 §2(1): 对“红码”人员,应实施“点对点”转运,并全程严格封闭管理。
  it.each(VENUE_CATEGORIES)('001 §2(1) red at %s: deny, hold + report + escort (点对点转运)', (venue) => {
    const d = at(P, venue, code('red'));
    expect(d.decision).toBe('deny');
    expect(d.actions).toEqual(['hold', 'report', 'escort']);
    expect(d.reasons[0]).toMatchObject({ rule: 'red-no-entry', cite: '001 §2(1)' });
  });
  it('001 §2(1) red is refused even in an emergency at a hospital (the document routes red to designated care)', () => {
    expect(at(P, 'medical', code('red'), { emergency: true }).decision).toBe('deny');
  });
});

describe('zhejiang-2020: yellow (001 §2(2))', () => {
  // 001 §2(2): 限制其进入学校和养老院、福利院、精神卫生医疗机构、监所等特殊场所,农产品批发市场、农贸市场和超市,
  // 图书馆、博物馆、美术馆、展览馆等室内场馆,影剧院、游艺厅等密闭式娱乐休闲场所。
  it.each(YELLOW_RESTRICTED)(
    '001 §2(2) yellow may not enter %s (限制其进入…); directed to a test',
    (venue) => {
      const d = at(P, venue, code('yellow'), { mask: true });
      expect(d.decision).toBe('deny');
      expect(d.actions).toEqual(['test']);
      expect(d.reasons[0]?.cite).toBe('001 §2(2)');
    },
  );
  // 001 §2(2): “黄码”人员在全程正确佩戴口罩情况下,允许乘坐出租车、网约车等交通工具。
  it.each(HIRE_CARS)('001 §2(2) yellow may ride a %s wearing a mask (全程正确佩戴口罩)', (venue) => {
    const d = at(P, venue, code('yellow'), { mask: true });
    expect(d).toMatchObject({ decision: 'admit', outcome: 'admit', actions: ['mask'] });
    expect(rules(d)).toEqual(['yellow-vehicle-masked']);
  });
  it.each(HIRE_CARS)('001 §2(2) yellow may not ride a %s without a mask; staff ask for one', (venue) => {
    const d = at(P, venue, code('yellow'));
    expect(d.decision).toBe('deny');
    expect(d.actions).toEqual(['mask']);
    expect(rules(d)).toEqual(['yellow-vehicle-unmasked']);
  });
  it.each(YELLOW_FREE)('001 §2(2) yellow is not restricted at %s, which the list does not name', (venue) => {
    const d = at(P, venue, code('yellow'));
    expect(d.decision).toBe('admit');
    expect(d.actions).toEqual([]);
  });
  it('001 §2(2) the public example: yellow at a museum is refused', () => {
    expect(at(P, 'museum', code('yellow')).decision).toBe('deny');
  });
});

describe('zhejiang-2020: green (001 §2(3))', () => {
  // 001 §2(3): “绿码”人员。可自由出入公共场所,对其正常流动不作疫情防控措施限制。
  it.each(VENUE_CATEGORIES)('001 §2(3) green enters %s freely (可自由出入公共场所)', (venue) => {
    const d = at(P, venue, code('green'));
    expect(d).toMatchObject({
      decision: 'admit',
      actions: [],
      policy: 'zhejiang-2020',
      policyVersion: P.version,
    });
    expect(d.reasons[0]?.cite).toBe('001 §2(3)');
  });
  it('001 §2(3) green at an office with 36.8 °C: admit', () => {
    expect(at(P, 'office', code('green'), { temperature: 36.8 }).decision).toBe('admit');
  });
  it('001 §2(3) no 14-day limit in Zhejiang: a green code held for 60 days still passes', () => {
    expect(at(P, 'office', code('green', { colourSince: AT - 60 * DAY })).decision).toBe('admit');
  });
});

describe('zhejiang-2020: buses, and venues no list names (001 §2(2), §3(4); options yellow-vehicles, yellow-unlisted)', () => {
  // 001 §2(2): 允许乘坐出租车、网约车等交通工具 names hire cars; where 001 means buses it says 公共交通工具:
  // 001 §3(4): 确实未使用智能手机的老年人等群体单独出行时,在核实身份、佩戴口罩情况下,允许其乘坐公共交通工具
  it('001 §2(2) literally, 出租车、网约车等 does not name buses, and no restriction names them: yellow boards a bus', () => {
    expect(P.options?.['yellow-vehicles']).toMatchObject({ literal: 'hire-cars', chosen: 'hire-cars' });
    expect(P.venueClasses['hire-cars']).toEqual(['taxi']);
    expect(at(P, 'public-transport', code('yellow'))).toMatchObject({ decision: 'admit', actions: [] });
  });
  it('option yellow-vehicles=public-transport: yellow rides buses and metro only with a mask, as taxis', () => {
    const Q = reading(P, { 'yellow-vehicles': 'public-transport' });
    expect(at(Q, 'public-transport', code('yellow'))).toMatchObject({ decision: 'deny', actions: ['mask'] });
    expect(rules(at(Q, 'public-transport', code('yellow')))).toEqual(['yellow-bus-unmasked']);
    expect(at(Q, 'public-transport', code('yellow'), { mask: true })).toMatchObject({
      decision: 'admit',
      actions: ['mask'],
    });
    expect(at(Q, 'taxi', code('yellow'), { mask: true }).decision).toBe('admit');
  });
  // 001 §2(2): 限制其进入学校和养老院、福利院、精神卫生医疗机构、监所等特殊场所,…: each 等 closes a list of its own kind.
  it('001 §2(2) literally (yellow-unlisted=free), the lists restrict only what they name', () => {
    expect(P.options?.['yellow-unlisted']).toMatchObject({ literal: 'free', chosen: 'free' });
    expect(rules(at(P, 'office', code('yellow')))).toEqual(['yellow-elsewhere']);
  });
  it.each(YELLOW_FREE)(
    'option yellow-unlisted=refuse: yellow is refused at %s, which §2(2) does not expressly open',
    (venue) => {
      const d = at(reading(P, { 'yellow-unlisted': 'refuse' }), venue, code('yellow'), { mask: true });
      expect(d).toMatchObject({ decision: 'deny', actions: ['test'] });
      expect(rules(d)).toContain('yellow-unlisted-refused');
    },
  );
  it('option yellow-unlisted=refuse still lets yellow into a taxi with a mask, and a bus too under yellow-vehicles=public-transport', () => {
    const Q = reading(P, { 'yellow-unlisted': 'refuse' });
    expect(at(Q, 'taxi', code('yellow'), { mask: true }).decision).toBe('admit');
    expect(at(Q, 'public-transport', code('yellow'), { mask: true }).decision).toBe('deny');
    const R = reading(P, { 'yellow-unlisted': 'refuse', 'yellow-vehicles': 'public-transport' });
    expect(at(R, 'public-transport', code('yellow'), { mask: true }).decision).toBe('admit');
  });
  it('the options leave green and red alone', () => {
    const Q = reading(P, { 'yellow-unlisted': 'refuse', 'yellow-vehicles': 'public-transport' });
    expect(at(Q, 'office', code('green')).decision).toBe('admit');
    expect(at(Q, 'taxi', code('red'), { mask: true }).decision).toBe('deny');
  });
});

describe('zhejiang-2020: temperature (001 §1(2), §2(2); option fever)', () => {
  // 001 §1(2): “黄码”。有发热症状的人员;… — fever is a yellow-code condition; 001 sets no temperature check at entry.
  // 001 §2(2): 因发热症状赋“黄码”的人员,若无流行病学史,在核酸检测阴性或发热症状消除后,其“健康码”转为“绿码”。
  it('001 §1(2) literally (fever=colour), a fever makes the person yellow, and yellow’s rules decide', () => {
    expect(P.options?.['fever']).toMatchObject({ literal: 'colour', chosen: 'colour' });
    const d = at(P, 'office', code('green'), { temperature: 37.3 });
    expect(d).toMatchObject({ decision: 'admit', colour: 'yellow', actions: ['test'] });
    expect(rules(d)).toEqual(['yellow-elsewhere', 'fever-test', 'fever-yellow']);
  });
  it('001 §2(2) yellow with 37.5 °C in a taxi, masked throughout (允许乘坐出租车…): admit, directed to a test', () => {
    const d = at(P, 'taxi', code('yellow'), { mask: true, temperature: 37.5 });
    expect(d).toMatchObject({ decision: 'admit', outcome: 'admit', actions: ['test', 'mask'] });
  });
  it('001 §1(2) fever makes a person yellow: refused at a supermarket, a listed venue', () => {
    const d = at(P, 'supermarket', code('green'), { temperature: 38.1 });
    expect(d).toMatchObject({ decision: 'deny', actions: ['test'] });
    expect(rules(d)).toEqual(['yellow-restricted-venues', 'fever-test', 'fever-yellow']);
  });
  it('001 §1(2) 37.2 °C is not fever: admit', () => {
    expect(at(P, 'office', code('green'), { temperature: 37.2 })).toMatchObject({
      decision: 'admit',
      actions: [],
    });
  });
  it('temperature not given is not a factor (measured elsewhere, e.g. a thermal camera)', () => {
    expect(at(P, 'mall', code('green')).decision).toBe('admit');
  });
  it('option fever=refuse: a fever is refused at every venue, sent to the fever clinic for a test', () => {
    const Q = reading(P, { fever: 'refuse' });
    for (const venue of ['office', 'taxi', 'supermarket'] as const) {
      const d = at(Q, venue, code('green'), { temperature: 37.3, mask: true });
      expect(d).toMatchObject({ decision: 'deny', actions: ['fever-clinic', 'test'] });
      expect(rules(d)[0]).toBe('fever-clinic');
    }
    expect(at(Q, 'taxi', code('yellow'), { mask: true, temperature: 37.5 }).decision).toBe('deny');
  });
  it('001 §2(1) red with fever: every deny rule contributes its actions', () => {
    expect(at(P, 'mall', code('red'), { temperature: 38 }).actions).toEqual([
      'hold',
      'report',
      'escort',
      'test',
    ]);
    expect(at(reading(P, { fever: 'refuse' }), 'mall', code('red'), { temperature: 38 }).actions).toEqual([
      'hold',
      'report',
      'escort',
      'fever-clinic',
      'test',
    ]);
  });
});

describe('zhejiang-2020: people without a smartphone (001 §3(4))', () => {
  // 001 §3(4): 确实未使用智能手机的老年人等群体单独出行时,在核实身份、佩戴口罩情况下,允许其乘坐公共交通工具,视情可短期进入须验码的相关场所。
  it('001 §3(4) an elderly person without a phone rides public transport with identity verified and a mask', () => {
    const d = at(P, 'public-transport', manual('elderly'), { mask: true });
    expect(d.decision).toBe('admit');
    expect(d.actions).toEqual(['verify-identity', 'mask']);
    expect(d.reasons[0]?.cite).toBe('001 §3(4)');
  });
  it('001 §3(4) … and may briefly enter venues that check codes (视情可短期进入)', () => {
    for (const venue of ['mall', 'office', 'medical'] as const) {
      expect(at(P, venue, manual('no-phone'), { mask: true }).decision).toBe('admit');
    }
  });
  it('001 §3(4) without a mask: deny until a mask is on', () => {
    const d = at(P, 'public-transport', manual('elderly'));
    expect(d.decision).toBe('deny');
    expect(d.actions).toEqual(['verify-identity', 'mask']);
  });
  it('001 §1 a foreigner without the (voluntary, 自愿申领) international code is handled like others without a code', () => {
    expect(at(P, 'hotel', manual('foreigner'), { mask: true }).decision).toBe('admit');
  });
  // 001 §1(1): 确诊病人、疑似病人、无症状感染者及其密切接触者 → 红码
  it('001 §1(1) a declared contact with a case counts as red', () => {
    const d = at(P, 'public-transport', manual('elderly', ['contact']), { mask: true });
    expect(d.decision).toBe('deny');
    expect(d.actions).toEqual(['hold', 'report', 'escort']);
    expect(d.colour).toBe('red');
  });
  // 001 §1(1): 近14天内有境外旅居史的人员 → 红码, apart from the domestic risk areas of §1(2)
  it('001 §1(1) a declared stay abroad in the last 14 days (近14天内有境外旅居史) counts as red, not yellow', () => {
    expect(P.declarationQuestions).toContain('abroad');
    const d = at(P, 'public-transport', manual('elderly', ['abroad']), { mask: true });
    expect(d).toMatchObject({ decision: 'deny', colour: 'red', actions: ['hold', 'report', 'escort'] });
  });
  // 001 §1(2): 有中风险、高风险地区旅居史 → 黄码
  it('001 §1(2) a declared stay in a risk area counts as yellow: refused at a school, let on a bus with a mask', () => {
    expect(at(P, 'school', manual('elderly', ['risk-area']), { mask: true }).decision).toBe('deny');
    expect(at(P, 'public-transport', manual('elderly', ['risk-area']), { mask: true }).decision).toBe(
      'admit',
    );
  });
  it('001 §1(2) declared fever counts as yellow: let on a bus with a mask and directed to a test, refused at a school', () => {
    const d = at(P, 'public-transport', manual('elderly', ['fever']), { mask: true });
    expect(d).toMatchObject({
      decision: 'admit',
      colour: 'yellow',
      actions: ['test', 'verify-identity', 'mask'],
    });
    expect(at(P, 'school', manual('elderly', ['fever']), { mask: true }).decision).toBe('deny');
  });
});

describe('zhejiang-2020: family proxy and tests', () => {
  // 001 §3(4): 完善“健康码”家人代办和工作人员代查机制
  it('001 §3(4) a code a family member holds (家人代办) passes, identity checked against the card', () => {
    const d = at(P, 'mall', code('green', { proxy: true }));
    expect(d.decision).toBe('admit');
    expect(d.actions).toEqual(['verify-identity']);
  });
  it('001 §3(4) the policy sees a manual entry a family member declared (家人代办): the advisory rule applies', () => {
    const person = { ...manual('elderly'), proxy: true };
    expect(at(P, 'mall', person, { mask: true }).reasons.map((r) => r.rule)).toContain('proxy-family');
  });
  it('001 §1(1) a positive test from the last 14 days counts as red, even on a green code', () => {
    const d = at(P, 'mall', code('green', { test: { result: 'positive', sampledAt: AT - 3 * DAY } }));
    expect(d.decision).toBe('deny');
    expect(d.colour).toBe('red');
  });
  it('001 §1(1) a positive paper test older than 14 days is not applied', () => {
    const d = at(P, 'mall', code('green'), { paperTest: { result: 'positive', sampledAt: AT - 15 * DAY } });
    expect(d.decision).toBe('admit');
  });
  it('a newer negative test supersedes an older positive one', () => {
    const d = at(P, 'mall', code('green', { test: { result: 'positive', sampledAt: AT - 5 * DAY } }), {
      paperTest: { result: 'negative', sampledAt: AT - 10 * HOUR },
    });
    expect(d.decision).toBe('admit');
  });
  it('emergency changes nothing in Zhejiang (001 says nothing of it): yellow at a hospital passes anyway', () => {
    expect(at(P, 'medical', code('yellow'), { emergency: true }).decision).toBe('admit');
  });
});
