// Yunnan, 2020 (seeds/002, Yuanyang county's notice, with the province's management rules seeds/000).
// 002 is quoted as written (traditional script); 000 with the pinyin its copy inserts after some characters removed.
import { POLICY_SCHEMA, type Policy } from '../types.js';
import { VENUE_CATEGORIES } from '../vocabulary.js';

const S4_1_NO_RED_YELLOW = '除醫療機構外,顯示「紅、黃碼」人員一律不準進入公共場所。';
const S4_1_GREEN_14 =
  '對持有「雲南健康碼」綠碼人員不得設置障礙,確保各地互認互通,「綠碼」有效期為14天,失效後請再次掃碼登記。';
const A4_2_3_DECLARE =
  '須如實填寫14天內是否與新冠肺炎確診或疑似病例有密切接觸、14天內是否有境外旅居史、是否有發熱(體溫≥37.3℃)、乾咳、乏力等症狀。';
const Y000_6_1_3_RED =
  '紅碼:表示申請人為確診病例、疑似病例、無癥狀感染者或密切接觸者等,需要進行隔離治療或集中隔離觀察,嚴格限制其活動范圍。';
const Y000_6_1_2_YELLOW =
  '黃碼:表示申請人可能存在一定的感染風險,需要進行核酸檢測或自我健康監測,并限制其進入部分公共場所。';
const A4_2_5_FOREIGN = '外籍人士可通過英文版申報健康相關信息,證件號碼建議填寫護照號等。';
// 000's copy garbles 申請雲南健康碼 into mojibake; the quote elides it.
const Y000_5_4_3_FOREIGN =
  '境外人員申請……需提供有效的護照、簽證等身份信息,以及入境后的健康狀況信息。申請流程與國內人員相同。';
const Y000_6_3_1_ABNORMAL =
  '當發現健康碼狀態異常時,使用單位應立即暫停相關人員的通行,并引導其到指定地點進行進一步的核實和處理。';

/** The Yunnan policy of 2020 (seeds/002 with seeds/000). */
export const yunnan2020: Policy = {
  schema: POLICY_SCHEMA,
  name: 'yunnan-2020',
  version: 3,
  title: 'Yunnan: scan registration with the Yunnan health code (2020-04-07), with the provincial rules',
  titleZh: '關於在全縣使用「雲南健康碼」掃碼登記的通知;雲南健康碼管理辦法規定',
  region: 'CN-YN',
  sources: [
    {
      doc: '002',
      title: '關於在全縣使用「雲南健康碼」掃碼登記的通知(附件:關於雲南省健康碼系統的填報使用說明)',
      issuer: '元陽縣委縣政府應對新型冠狀病毒感染肺炎疫情工作領導小組指揮部',
      issued: '2020-04-07',
    },
    {
      doc: '000',
      title: '雲南健康碼管理辦法規定',
      issuer: '雲南省衛生健康委員會 (provincial rules as published)',
      issued: '2020',
    },
  ],
  feverAt: 37.3,
  temperatureEntry: 'ask',
  maxOfflineHours: 24,
  retentionDays: 28,
  declarationQuestions: ['contact', 'abroad', 'fever'],
  declarationSource: {
    cite: '002 附件 §4(2)3',
    text: A4_2_3_DECLARE,
    gloss:
      'The form asks: close contact with a case in 14 days, travel abroad in 14 days, fever (≥ 37.3 °C), dry cough, fatigue.',
  },
  venues: [...VENUE_CATEGORIES],
  venueClasses: {},
  settingsNotes: [
    'maxOfflineHours 24: colours are updated dynamically (000 §6(2)1); a scanner that has not fetched revocations for a day no longer knows which codes changed colour.',
    'retentionDays 28: records are kept "for a period" for tracing (000 §7(4)); 28 days covers two 14-day windows of the declaration form (002 附件 §4(2)3).',
    'temperatureEntry ask: staff classify people by code colour and the temperature taken on the spot (002 附件 §1; 000 §7(2)3).',
    'declarationQuestions: the form asks about close contact and travel abroad in the last 14 days, and current symptoms (fever, dry cough, fatigue) (002 附件 §4(2)3).',
  ],
  classify: [
    {
      id: 'declared-contact-red',
      when: { source: 'manual', declared: ['contact'] },
      colour: 'red',
      cite: '000 §6(1)3',
      text: Y000_6_1_3_RED,
      gloss: 'Close contacts are red: a declared contact is treated as red.',
    },
    {
      id: 'positive-test-red',
      when: { test: { result: 'positive', withinHours: 336 } },
      colour: 'red',
      cite: '000 §6(1)3',
      text: Y000_6_1_3_RED,
      gloss:
        'Confirmed and asymptomatic infections are red: a positive test from the last 14 days is treated as red.',
    },
    {
      id: 'declared-risk-yellow',
      // The form asks about travel abroad (境外旅居史); a domestic risk-area stay, when declared, weighs the same.
      when: { source: 'manual', declared: ['abroad', 'risk-area', 'fever'] },
      colour: 'yellow',
      cite: '000 §6(1)2',
      text: Y000_6_1_2_YELLOW,
      gloss:
        'Yellow means a possible infection risk: a declared stay abroad / in a risk area, or declared fever, is treated as yellow.',
    },
  ],
  rules: [
    {
      id: 'fever-clinic',
      when: { fever: true },
      effect: { decision: 'deny', actions: ['fever-clinic'] },
      cite: '000 §7(2)3, 002 附件 §4(2)3',
      text: '對于持綠碼的人員,在體溫檢測正常的情況下,應予以放行;對于持黃碼、紅碼的人員,應按照疫情防控要求進行處理。……是否有發熱(體溫≥37.3℃)、乾咳、乏力等症狀。',
      gloss:
        'Green passes only with a normal temperature; fever is ≥ 37.3 °C (the declaration form): send to the fever clinic.',
    },
    {
      id: 'red-yellow-public-places',
      when: { colour: ['red', 'yellow'] },
      // A fever keeps a red or yellow code from the hospital's door too: then the stop, report and escort hold.
      unless: [{ venue: ['medical'], fever: false }],
      effect: { decision: 'deny', actions: ['hold', 'report', 'escort'] },
      cite: '002 §4(1), 000 §6(3)1',
      text: `${S4_1_NO_RED_YELLOW}${Y000_6_3_1_ABNORMAL}`,
      gloss:
        'Except at medical institutions, red and yellow codes may not enter any public place; stop the person, report the abnormal code, and guide them to the designated place. At a medical institution too when a fever keeps them from its door.',
    },
    {
      id: 'green-expired',
      when: { colour: ['green'], colourAgeAtLeastDays: 14 },
      unless: [{ venue: ['medical'] }],
      effect: { decision: 'deny', actions: ['re-register'] },
      cite: '002 §4(1)',
      text: S4_1_GREEN_14,
      gloss:
        'A green code is valid for 14 days (counted from colour-since); after that the person must scan and register again.',
    },
    {
      id: 'green-pass',
      when: { colour: ['green'] },
      effect: { decision: 'admit', actions: [] },
      cite: '002 §4(1), 000 §7(2)3',
      text: `${S4_1_GREEN_14}對于持綠碼的人員,在體溫檢測正常的情況下,應予以放行……`,
      gloss: 'No obstacle may be put in the way of a valid green code (with a normal temperature).',
    },
    {
      id: 'red-yellow-medical',
      when: { colour: ['red', 'yellow'], venue: ['medical'] },
      effect: { decision: 'admit', actions: ['escort', 'report'] },
      cite: '002 §4(1), 000 §6(3)1',
      text: `${S4_1_NO_RED_YELLOW}${Y000_6_3_1_ABNORMAL}`,
      gloss:
        'Medical institutions are the exception to the ban, yet passage is still suspended: admitted for care only, taken to the designated place (an escorted admission, not a plain one), and the abnormal code reported.',
    },
    {
      id: 'green-expired-medical',
      when: { colour: ['green'], colourAgeAtLeastDays: 14, venue: ['medical'] },
      effect: { decision: 'admit', actions: ['re-register'] },
      cite: '002 §4(1)',
      text: S4_1_NO_RED_YELLOW,
      gloss:
        'Medical institutions admit even red and yellow codes, so an expired green is not turned away there: admit, and ask the person to register again.',
    },
    {
      id: 'manual-paper-form',
      when: { source: 'manual', reason: ['elderly', 'child', 'no-phone'] },
      effect: { decision: 'admit', actions: ['verify-identity'] },
      cite: '002 §4(1), 000 §5(4)2',
      text: '行業主管部門要將通知轉發到基層單位,要求張貼「雲南健康碼」並對進入人員掃碼登記(無智慧型手機的可以由家人代申報或填寫紙質)。也可在公共場所入口處,由工作人員通過手工登記等方式進行健康信息采集。',
      gloss:
        'People without a smartphone may fill in the paper form (or staff register them by hand at the entrance): admit on the paper declaration, identity verified.',
    },
    {
      id: 'foreigner-apply',
      when: { source: 'manual', reason: ['foreigner'], option: { foreigners: 'apply' } },
      effect: { decision: 'deny', actions: ['re-register'] },
      cite: '002 附件 §4(2)5, 000 §5(4)3',
      text: `${A4_2_5_FOREIGN}${Y000_5_4_3_FOREIGN}`,
      gloss:
        'Foreigners get the Yunnan health code by the same process as everyone (English version, passport number): one without a code is asked to scan and register for one, not let in by hand.',
    },
    {
      id: 'foreigner-passport',
      when: { source: 'manual', reason: ['foreigner'], option: { foreigners: 'paper-form' } },
      effect: { decision: 'admit', actions: ['verify-identity'] },
      cite: '002 附件 §4(2)5',
      text: A4_2_5_FOREIGN,
      gloss:
        'Option foreigners=paper-form: a foreigner without a code declares on the paper form with the passport, identity verified.',
    },
    {
      id: 'proxy-family',
      when: { proxy: true },
      effect: { actions: ['verify-identity'] },
      cite: '002 附件 §4(2)7',
      text: '系統支持他人代填,老人、小孩等無手機人員可由家人進行代填申報。',
      gloss:
        'Family members may declare for the elderly and children (代他人填報): compare the name and last 4 with the card.',
    },
  ],
  options: {
    foreigners: {
      cite: '002 附件 §4(2)5, 000 §5(4)3',
      text: `${A4_2_5_FOREIGN}${Y000_5_4_3_FOREIGN}`,
      gloss:
        'Foreigners apply for the code like everyone, in English with a passport. Is one without a code let in by hand?',
      choices: {
        apply: 'No: refused, and asked to scan and register for a code (the same process as everyone).',
        'paper-form':
          'Yes: declared on the paper form with the passport, identity verified, as people without a smartphone are (002 §4(1)).',
      },
      literal: 'apply',
      chosen: 'apply',
    },
  },
};
