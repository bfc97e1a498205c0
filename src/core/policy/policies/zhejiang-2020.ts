// Zhejiang, 2020-07-06 (seeds/001): per-colour venue restrictions. 001's copy was synonym-spun; the
// sentences below are restored (康健码 → 健康码, 黉舍 → 学校, 断绝 → 隔离, …) as ../shared/SEEDS.md reads them.
import { POLICY_SCHEMA, type Policy } from '../types.js';
import { VENUE_CATEGORIES } from '../vocabulary.js';

const S2_2_RESTRICT =
  '“黄码”人员。限制其进入学校和养老院、福利院、精神卫生医疗机构、监所等特殊场所,农产品批发市场、农贸市场和超市,图书馆、博物馆、美术馆、展览馆等室内场馆,影剧院、游艺厅等密闭式娱乐休闲场所。';
const S2_2_VEHICLE = '“黄码”人员在全程正确佩戴口罩情况下,允许乘坐出租车、网约车等交通工具。';
const S3_4_ELDERLY =
  '确实未使用智能手机的老年人等群体单独出行时,在核实身份、佩戴口罩情况下,允许其乘坐公共交通工具,视情可短期进入须验码的相关场所。';
const S1_1_RED =
  '“红码”。确诊病人、疑似病人、无症状感染者及其密切接触者;近14天内有境外旅居史的人员;按规定须实行集中隔离或居家医学观察的人员;其他须纳入“红码”管理的人员。';
const S1_2_YELLOW =
  '“黄码”。有发热症状的人员;有中风险、高风险地区旅居史,按规定须接受新冠病毒核酸检测的人员;其他须纳入“黄码”管理的人员。';
const S2_2_FEVER_GREEN =
  '因发热症状赋“黄码”的人员,若无流行病学史,在核酸检测阴性或发热症状消除后,其“健康码”转为“绿码”。';

/** The Zhejiang policy of 2020-07-06 (seeds/001). */
export const zhejiang2020: Policy = {
  schema: POLICY_SCHEMA,
  name: 'zhejiang-2020',
  version: 3,
  title: 'Zhejiang: health-code management and service mechanism (2020-07-06)',
  titleZh: '浙江省关于进一步完善“健康码”管理服务机制的通知',
  region: 'CN-ZJ',
  sources: [
    {
      doc: '001',
      title: '关于进一步完善“健康码”管理服务机制的通知',
      issuer: '浙江省新型冠状病毒肺炎疫情防控工作领导小组办公室',
      issued: '2020-07-06',
    },
  ],
  feverAt: 37.3,
  temperatureEntry: 'optional',
  maxOfflineHours: 24,
  retentionDays: 28,
  declarationQuestions: ['fever', 'contact', 'risk-area', 'abroad'],
  declarationSource: {
    cite: '001 §1(1), §1(2)',
    text: `${S1_1_RED}${S1_2_YELLOW}`,
    gloss:
      'The colour rules turn on close contact and travel abroad in the last 14 days (red), fever and stays in medium/high-risk areas (yellow): the manual form asks these, travel abroad apart from domestic risk areas.',
  },
  venues: [...VENUE_CATEGORIES],
  venueClasses: {
    'yellow-restricted': [
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
    ],
    // 出租车、网约车等: taxis and ride-hailing cars, and hire cars like them; buses are 公共交通工具 (001 §3(4)).
    'hire-cars': ['taxi'],
  },
  settingsNotes: [
    'maxOfflineHours 24: a colour can change at any time (001 §1, "动态调整"); a scanner that has not fetched revocations for a day no longer knows which codes were turned red.',
    'retentionDays 28: two 14-day observation periods (001 §2(1)) for tracing; personal data is destroyed when the epidemic ends (001 §4(3)).',
    'temperatureEntry optional: 001 does not require a temperature at entry; when one is taken, fever (≥ 37.3 °C) makes the person yellow (001 §1(2)), and yellow’s rules decide (option fever).',
    'declarationQuestions: the criteria of the colour rules (001 §1(1) contacts and travel abroad, §1(2) current fever symptoms and risk-area stays).',
  ],
  classify: [
    {
      id: 'declared-contact-red',
      when: { source: 'manual', declared: ['contact'] },
      colour: 'red',
      cite: '001 §1(1)',
      text: S1_1_RED,
      gloss: 'Close contacts of cases get a red code: a declared contact is treated as red.',
    },
    {
      id: 'declared-abroad-red',
      when: { source: 'manual', declared: ['abroad'] },
      colour: 'red',
      cite: '001 §1(1)',
      text: S1_1_RED,
      gloss:
        'People who stayed abroad in the last 14 days get a red code (近14天内有境外旅居史): a declared stay abroad is treated as red.',
    },
    {
      id: 'positive-test-red',
      when: { test: { result: 'positive', withinHours: 336 } },
      colour: 'red',
      cite: '001 §1(1)',
      text: S1_1_RED,
      gloss:
        'Confirmed and asymptomatic infections are red: a positive test from the last 14 days is treated as red.',
    },
    {
      id: 'fever-yellow',
      when: { fever: true },
      colour: 'yellow',
      cite: '001 §1(2)',
      text: S1_2_YELLOW,
      gloss:
        'People with fever get a yellow code: fever (measured ≥ 37.3 °C or declared) counts as at least yellow.',
    },
    {
      id: 'declared-risk-area-yellow',
      when: { source: 'manual', declared: ['risk-area'] },
      colour: 'yellow',
      cite: '001 §1(2)',
      text: S1_2_YELLOW,
      gloss:
        'A stay in a medium- or high-risk area gives a yellow code: a declared stay is treated as yellow.',
    },
  ],
  rules: [
    {
      id: 'red-no-entry',
      when: { colour: ['red'] },
      effect: { decision: 'deny', actions: ['hold', 'report', 'escort'] },
      cite: '001 §2(1)',
      text: '对“红码”人员,应实施“点对点”转运,并全程严格封闭管理。',
      gloss:
        'Red: prohibited everywhere; keep the person, report, and hand over for point-to-point transfer under closed management.',
    },
    {
      id: 'fever-clinic',
      when: { fever: true, option: { fever: 'refuse' } },
      effect: { decision: 'deny', actions: ['fever-clinic', 'test'] },
      cite: '001 §2(2)',
      text: S2_2_FEVER_GREEN,
      gloss:
        'Option fever=refuse: a person with fever is refused at every venue and sent to the fever clinic for a test (001 itself sets no temperature check at entry).',
    },
    {
      id: 'fever-test',
      when: { fever: true },
      effect: { actions: ['test'] },
      cite: '001 §2(2)',
      text: S2_2_FEVER_GREEN,
      gloss:
        'A person yellow for fever turns green after a negative test or once the fever is gone: direct them to a test.',
    },
    {
      id: 'yellow-restricted-venues',
      when: { colour: ['yellow'], venueClass: 'yellow-restricted' },
      effect: { decision: 'deny', actions: ['test'] },
      cite: '001 §2(2)',
      text: S2_2_RESTRICT,
      gloss:
        'Yellow may not enter schools, care homes, mental-health institutions, prisons, wholesale and farmers markets, supermarkets, libraries, museums, galleries, exhibition halls, cinemas, theatres, game halls; a test can turn the code green.',
    },
    {
      id: 'yellow-vehicle-unmasked',
      when: { colour: ['yellow'], venueClass: 'hire-cars', mask: false },
      effect: { decision: 'deny', actions: ['mask'] },
      cite: '001 §2(2)',
      text: S2_2_VEHICLE,
      gloss:
        'Yellow may ride taxis, ride-hailing cars and similar hire cars only wearing a mask correctly throughout: not without one.',
    },
    {
      id: 'yellow-bus-unmasked',
      when: {
        colour: ['yellow'],
        venue: ['public-transport'],
        mask: false,
        option: { 'yellow-vehicles': 'public-transport' },
      },
      effect: { decision: 'deny', actions: ['mask'] },
      cite: '001 §2(2)',
      text: S2_2_VEHICLE,
      gloss:
        'Option yellow-vehicles=public-transport: 等交通工具 is read to take in buses and metro, so yellow rides them only with a mask.',
    },
    {
      id: 'yellow-unlisted-refused',
      when: { colour: ['yellow'], option: { 'yellow-unlisted': 'refuse' } },
      unless: [
        { venueClass: 'hire-cars' },
        { venue: ['public-transport'], option: { 'yellow-vehicles': 'public-transport' } },
      ],
      effect: { decision: 'deny', actions: ['test'] },
      cite: '001 §2(2)',
      text: S2_2_RESTRICT,
      gloss:
        'Option yellow-unlisted=refuse: yellow is refused wherever §2(2) does not expressly let it in (only hire cars, with a mask); a test can turn the code green.',
    },
    {
      id: 'manual-unmasked',
      when: { source: 'manual', mask: false },
      effect: { decision: 'deny', actions: ['mask', 'verify-identity'] },
      cite: '001 §3(4)',
      text: S3_4_ELDERLY,
      gloss:
        'People without a smartphone are let through only with identity verified and a mask on: not without a mask.',
    },
    {
      id: 'green-free',
      when: { colour: ['green'] },
      effect: { decision: 'admit', actions: [] },
      cite: '001 §2(3)',
      text: '“绿码”人员。可自由出入公共场所,对其正常流动不作疫情防控措施限制。',
      gloss: 'Green: free to enter and leave public places.',
    },
    {
      id: 'yellow-vehicle-masked',
      when: { colour: ['yellow'], venueClass: 'hire-cars', mask: true },
      effect: { decision: 'admit', actions: ['mask'] },
      cite: '001 §2(2)',
      text: S2_2_VEHICLE,
      gloss:
        'Yellow may ride taxis, ride-hailing cars and similar hire cars wearing a mask correctly throughout.',
    },
    {
      id: 'yellow-bus-masked',
      when: {
        colour: ['yellow'],
        venue: ['public-transport'],
        mask: true,
        option: { 'yellow-vehicles': 'public-transport' },
      },
      effect: { decision: 'admit', actions: ['mask'] },
      cite: '001 §2(2)',
      text: S2_2_VEHICLE,
      gloss:
        'Option yellow-vehicles=public-transport: yellow rides buses and metro wearing a mask throughout.',
    },
    {
      id: 'yellow-elsewhere',
      when: { colour: ['yellow'], option: { 'yellow-unlisted': 'free' } },
      unless: [{ venueClass: 'hire-cars' }],
      effect: { decision: 'admit', actions: [] },
      cite: '001 §2(2)',
      text: S2_2_RESTRICT,
      gloss:
        'Yellow is restricted from the places listed (each 等 closes a list of its own kind); places not on the list, buses included, are not restricted by it.',
    },
    {
      id: 'manual-no-smartphone',
      when: { source: 'manual', mask: true },
      effect: { decision: 'admit', actions: ['verify-identity', 'mask'] },
      cite: '001 §3(4)',
      text: S3_4_ELDERLY,
      gloss:
        'Elderly people and others who truly use no smartphone may ride public transport and, as the situation allows, briefly enter venues that check codes, with identity verified and a mask on.',
    },
    {
      id: 'proxy-family',
      when: { proxy: true },
      effect: { actions: ['verify-identity'] },
      cite: '001 §3(4)',
      text: '完善“健康码”家人代办和工作人员代查机制,运用同行家人手机绑定功能,为老年人、未成年人使用“健康码”提供便利。',
      gloss:
        'A family member may hold the code for the person (家人代办): compare the name and last 4 with the card.',
    },
  ],
  options: {
    fever: {
      cite: '001 §1(2), §2(2)',
      text: `${S1_2_YELLOW}${S2_2_FEVER_GREEN}`,
      gloss:
        'Fever is a yellow-code criterion; 001 sets no temperature check at entry. Does a measured fever refuse entry, or count as yellow?',
      choices: {
        colour:
          'Fever makes the person yellow (§1(2)) and yellow’s rules decide: refused at the listed venues, a hire car with a mask, elsewhere not restricted; directed to a test (§2(2)).',
        refuse: 'Fever is refused at every venue and sent to the fever clinic for a test.',
      },
      literal: 'colour',
      chosen: 'colour',
    },
    'yellow-vehicles': {
      cite: '001 §2(2), §3(4)',
      text: `${S2_2_VEHICLE}${S3_4_ELDERLY}`,
      gloss:
        'Which transport does 出租车、网约车等交通工具 cover? Where 001 means buses it says 公共交通工具 (§3(4)).',
      choices: {
        'hire-cars': 'Taxis and ride-hailing cars (the taxi venue): yellow rides them with a mask.',
        'public-transport': 'Buses and metro too: yellow rides them only with a mask.',
      },
      literal: 'hire-cars',
      chosen: 'hire-cars',
    },
    'yellow-unlisted': {
      cite: '001 §2(2)',
      text: S2_2_RESTRICT,
      gloss:
        'Yellow is 限制 (restricted) from the listed places, each list closed by 等 on its own kind. What of a venue no list names?',
      choices: {
        free: 'Not restricted by §2(2): admitted (the list is what is restricted; §2 grades red 禁止, yellow 限制).',
        refuse: 'Refused: yellow enters only where §2(2) expressly lets it (hire cars, with a mask).',
      },
      literal: 'free',
      chosen: 'free',
    },
  },
};
