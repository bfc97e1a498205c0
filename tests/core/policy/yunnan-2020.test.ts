// Yunnan 2020 (seeds/002 with seeds/000) as a specification: each case names its paragraph and quotes the sentence.
import { describe, expect, it } from 'vitest';
import { VENUE_CATEGORIES } from '../../../src/core/policy/index.js';
import { yunnan2020 as P } from '../../../src/core/policy/policies/yunnan-2020.js';
import { AT, DAY, at, code, manual, reading, rules } from './inputs.js';

const NOT_MEDICAL = VENUE_CATEGORIES.filter((v) => v !== 'medical');

describe('yunnan-2020: red and yellow (002 §4(1), 000 §6(3)1)', () => {
  // 002 §4(1): 除醫療機構外,顯示「紅、黃碼」人員一律不準進入公共場所。
  // 000 §6(3)1: 當發現健康碼狀態異常時,使用單位應立即暫停相關人員的通行,并引導其到指定地點進行進一步的核實和處理。
  for (const colour of ['red', 'yellow'] as const) {
    it.each(NOT_MEDICAL)(
      `002 §4(1) ${colour} may not enter %s (一律不準進入公共場所): hold, report, escort`,
      (venue) => {
        const d = at(P, venue, code(colour, { colourSince: AT - DAY }), { mask: true });
        expect(d.decision).toBe('deny');
        expect(d.actions).toEqual(['hold', 'report', 'escort']);
        expect(d.reasons[0]?.cite).toBe('002 §4(1), 000 §6(3)1');
      },
    );
    it(`002 §4(1) ${colour} at a medical institution (除醫療機構外): admitted, guided to the designated place, reported`, () => {
      const d = at(P, 'medical', code(colour));
      expect(d.decision).toBe('admit');
      expect(d.actions).toEqual(['report', 'escort']);
    });
    // 000 §6(3)1: 使用單位應立即暫停相關人員的通行,并引導其到指定地點 — not a plain admit.
    it(`000 §6(3)1 ${colour} at a medical institution is an escorted admission (暫停…通行,并引導其到指定地點), never a plain one`, () => {
      expect(at(P, 'medical', code(colour)).outcome).toBe('admit-escorted');
      expect(at(P, 'medical', code('green')).outcome).toBe('admit');
    });
    // The most urgent case keeps the stop, the report and the escort: fever keeps it from the hospital's door too.
    it(`000 §6(3)1, §7(2)3 ${colour} with a fever at a medical institution: refused to the fever clinic, still held, reported, escorted`, () => {
      const d = at(P, 'medical', code(colour), { temperature: 38.2 });
      expect(d).toMatchObject({ decision: 'deny', outcome: 'deny' });
      expect(d.actions).toEqual(['hold', 'report', 'escort', 'fever-clinic']);
      expect(rules(d)).toEqual(['fever-clinic', 'red-yellow-public-places']);
    });
  }
  it('002 §4(1) the public example: yellow at a hotel is refused', () => {
    expect(
      at(P, 'hotel', code('yellow', { colourSince: Date.parse('2021-11-30T08:00:00Z') / 1000 })).decision,
    ).toBe('deny');
  });
  it('002 §4(1) no taxi exception in Yunnan: yellow with a mask is refused a taxi (计程車 is a public carrier, 002 §2(2))', () => {
    expect(at(P, 'taxi', code('yellow'), { mask: true }).decision).toBe('deny');
  });
});

describe('yunnan-2020: green valid 14 days (002 §4(1))', () => {
  // 002 §4(1): 對持有「雲南健康碼」綠碼人員不得設置障礙,確保各地互認互通,「綠碼」有效期為14天,失效後請再次掃碼登記。
  it.each(VENUE_CATEGORIES)('002 §4(1) green held 10 days enters %s (不得設置障礙)', (venue) => {
    const d = at(P, venue, code('green', { colourSince: AT - 10 * DAY }));
    expect(d).toMatchObject({ decision: 'admit', actions: [] });
    expect(d.reasons[0]?.cite).toBe('002 §4(1), 000 §7(2)3');
  });
  it('002 §4(1) the public example: green since 2021-11-21 with 36.6 °C at an office, on 2021-12-01: admit', () => {
    const since = Date.parse('2021-11-21T08:00:00Z') / 1000;
    expect(at(P, 'office', code('green', { colourSince: since }), { temperature: 36.6 }).decision).toBe(
      'admit',
    );
  });
  it('002 §4(1) green older than 14 days (失效後請再次掃碼登記): deny, register again', () => {
    const d = at(P, 'office', code('green', { colourSince: AT - 15 * DAY }));
    expect(d.decision).toBe('deny');
    expect(d.actions).toEqual(['re-register']);
    expect(rules(d)).toEqual(['green-expired']);
  });
  it('002 §4(1) the 14 days are counted from colour-since: valid one second before 14 days, expired at 14 days', () => {
    expect(at(P, 'office', code('green', { colourSince: AT - 14 * DAY + 1 })).decision).toBe('admit');
    expect(at(P, 'office', code('green', { colourSince: AT - 14 * DAY })).decision).toBe('deny');
  });
  it('002 §4(1) an expired green at a medical institution, which admits even red and yellow: admit, register again', () => {
    const d = at(P, 'medical', code('green', { colourSince: AT - 20 * DAY }));
    expect(d).toMatchObject({ decision: 'admit', actions: ['re-register'] });
  });
  it('colour-since unknown (a colour read off a screen without its date): the age is not a factor', () => {
    expect(at(P, 'office', code('green')).decision).toBe('admit');
  });
});

describe('yunnan-2020: temperature (000 §7(2)3, 002 附件 §1, 附件 §4(2)3)', () => {
  // 000 §7(2)3: 對于持綠碼的人員,在體溫檢測正常的情況下,應予以放行
  // 002 附件 §4(2)3: 是否有發熱(體溫≥37.3℃)
  it('000 §7(2)3 green with 37.3 °C: deny, fever clinic', () => {
    const d = at(P, 'mall', code('green', { colourSince: AT - DAY }), { temperature: 37.3 });
    expect(d.decision).toBe('deny');
    expect(d.actions).toEqual(['fever-clinic']);
    expect(d.reasons[0]?.cite).toBe('000 §7(2)3, 002 附件 §4(2)3');
  });
  it('000 §7(2)3 green with 37.2 °C (正常): admit', () => {
    expect(at(P, 'mall', code('green'), { temperature: 37.2 }).decision).toBe('admit');
  });
  it('002 附件 §1 the policy asks staff for a temperature at entry (根據紅、黃、綠碼情況及現場體溫檢測情況)', () => {
    expect(P.temperatureEntry).toBe('ask');
  });
  it('temperature not given is not a factor', () => {
    expect(at(P, 'mall', code('green')).decision).toBe('admit');
  });
  it('red with fever gets both the hold and the fever clinic', () => {
    const d = at(P, 'mall', code('red'), { temperature: 38.5 });
    expect(d.actions).toEqual(['hold', 'report', 'escort', 'fever-clinic']);
  });
});

describe('yunnan-2020: manual entries and proxies (002 §4(1), 附件 §4(2)5, §4(2)7, 000 §5(4))', () => {
  // 002 §4(1): (無智慧型手機的可以由家人代申報或填寫紙質)
  it.each(['elderly', 'child', 'no-phone'] as const)(
    '002 §4(1) %s without a smartphone fills in the paper form: admit, identity verified',
    (reason) => {
      expect(at(P, 'community', manual(reason))).toMatchObject({
        decision: 'admit',
        actions: ['verify-identity'],
      });
    },
  );
  // 002 附件 §4(2)3: 須如實填寫14天內是否與新冠肺炎確診或疑似病例有密切接觸、14天內是否有境外旅居史、是否有發熱…
  it('002 附件 §4(2)3 the paper form asks contact, travel abroad (境外旅居史, its own question) and current symptoms', () => {
    expect([...P.declarationQuestions].sort()).toEqual(['abroad', 'contact', 'fever']);
  });
  it('000 §6(1)3 a declared close contact is red: refused, held and reported', () => {
    const d = at(P, 'community', manual('elderly', ['contact']));
    expect(d.decision).toBe('deny');
    expect(d.actions).toEqual(['hold', 'report', 'escort']);
    expect(d.colour).toBe('red');
  });
  it.each(['abroad', 'risk-area'] as const)(
    '000 §6(1)2 a declared stay (%s) is yellow: refused at a restaurant, admitted at a hospital',
    (stay) => {
      expect(at(P, 'restaurant', manual('no-phone', [stay])).decision).toBe('deny');
      expect(at(P, 'medical', manual('no-phone', [stay])).decision).toBe('admit');
    },
  );
  it('002 附件 §4(2)3 declared fever: fever clinic', () => {
    expect(at(P, 'mall', manual('elderly', ['fever'])).actions).toContain('fever-clinic');
  });
  // 002 附件 §4(2)5: 外籍人士可通過英文版申報健康相關信息,證件號碼建議填寫護照號等。
  // 000 §5(4)3: 境外人員申請雲南健康碼需提供有效的護照、簽證等身份信息,……申請流程與國內人員相同。
  it('002 附件 §4(2)5, 000 §5(4)3 a foreigner gets a code by the same process (申請流程與國內人員相同): refused, asked to register for one', () => {
    expect(P.options?.['foreigners']).toMatchObject({ literal: 'apply', chosen: 'apply' });
    const d = at(P, 'hotel', manual('foreigner'));
    expect(d).toMatchObject({ decision: 'deny', actions: ['re-register'] });
    expect(d.reasons[0]).toMatchObject({ rule: 'foreigner-apply', cite: '002 附件 §4(2)5, 000 §5(4)3' });
  });
  it('option foreigners=paper-form: a foreigner declares on paper with the passport (證件號碼建議填寫護照號): admit, identity verified', () => {
    const d = at(reading(P, { foreigners: 'paper-form' }), 'hotel', manual('foreigner'));
    expect(d).toMatchObject({ decision: 'admit', actions: ['verify-identity'] });
    expect(d.reasons[0]?.cite).toBe('002 附件 §4(2)5');
  });
  it('002 附件 §4(2)3 a foreigner declaring travel abroad in the last 14 days is yellow: refused at a hotel', () => {
    const paper = reading(P, { foreigners: 'paper-form' });
    expect(at(paper, 'hotel', manual('foreigner', ['abroad']))).toMatchObject({
      decision: 'deny',
      colour: 'yellow',
    });
  });
  // 002 附件 §4(2)7: 系統支持他人代填,老人、小孩等無手機人員可由家人進行代填申報。
  it('002 附件 §4(2)7 a code a family member declared (代他人填報) passes, identity checked', () => {
    const d = at(P, 'mall', code('green', { proxy: true, colourSince: AT - DAY }));
    expect(d.decision).toBe('admit');
    expect(d.actions).toEqual(['verify-identity']);
  });
  it('000 §6(1)3 a positive test from the last 14 days counts as red', () => {
    const d = at(P, 'mall', code('green'), { paperTest: { result: 'positive', sampledAt: AT - DAY } });
    expect(d.decision).toBe('deny');
    expect(d.colour).toBe('red');
  });
  it('emergency changes nothing in Yunnan: red and yellow are admitted at medical institutions anyway', () => {
    expect(at(P, 'medical', code('yellow'), { emergency: true }).decision).toBe('admit');
    expect(at(P, 'mall', code('yellow'), { emergency: true }).decision).toBe('deny');
  });
});
