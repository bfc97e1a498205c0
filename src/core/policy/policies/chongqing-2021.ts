// Chongqing, 2021-11-07 (seeds/003): 渝康码 rules; yellow codes held and reported, medical visits by yellow codes.
import { POLICY_SCHEMA, type Policy } from '../types.js';
import { VENUE_CATEGORIES } from '../vocabulary.js';

const A11_RED =
  '确诊病例、无症状感染者、疑似病例;确诊病例、无症状感染者治愈出院后,集中隔离期间;密切接触者、次密切接触者隔离期间;因其他原因需要纳入隔离管理的人员。';
const A12_YELLOW =
  '有发热、气促、呼吸道症状且有流行病学史的人员;境内高、中风险区来渝返渝人员和外省(区、市)确定的特定时段、特定空间高风险人群;与核酸检测阳性患者或阳性环境有接触存在感染风险的人员;其他根据现场调查判定的风险人员。';
const A17_HOLD =
  '对赋黄码人员,实行限制出行管控措施,由发现黄码的单位(包括交通口岸、公共场所、小区、单位等)立即对相关人员就地管控,同时向其所在社区(村)报告,社区(村)根据黄码的不同情形、行程码和活动轨迹等实施分类管理,具体细则按照全市疫情防控有关规定执行。';
const A18_EMERGENCY = '黄码急诊就医人员按照疑似新冠病例做好院感防控,提供诊疗服务。';
const A18_TEST =
  '其他黄码就医人员,应该持有24小时核酸检测阴性证明,医疗机构要安排专人进行流行病学史排查,如果不能排除风险,要加强院感防控。';
const A7_FOREIGN = '港澳台和外籍人士可通过“渝康码”港澳台及外籍人士通道提交个人身份信息进行申领。';
const A7_LANE =
  '有条件的地区和场所要为不能线上申报的特殊人群设立“无健康码通道”,具体管理方式按各区县相关要求执行。';

/** The Chongqing policy of 2021-11-07 (seeds/003). */
export const chongqing2021: Policy = {
  schema: POLICY_SCHEMA,
  name: 'chongqing-2021',
  version: 2,
  title: 'Chongqing: interim measures for health-code management and service (2021-11-07)',
  titleZh: '重庆市新冠肺炎疫情防控健康码管理与服务暂行办法',
  region: 'CN-CQ',
  sources: [
    {
      doc: '003',
      title: '重庆市新冠肺炎疫情防控健康码管理与服务暂行办法(渝肺炎组办发〔2021〕24号)',
      issuer: '重庆市新型冠状病毒肺炎疫情防控工作领导小组综合办公室',
      issued: '2021-11-07',
    },
  ],
  feverAt: 37.3,
  temperatureEntry: 'optional',
  maxOfflineHours: 24,
  retentionDays: 28,
  declarationQuestions: ['fever', 'contact', 'risk-area'],
  declarationSource: {
    cite: '003 §11, §12',
    text: `${A11_RED}${A12_YELLOW}`,
    gloss:
      'Red for close contacts, yellow for fever with epidemiological history and for arrivals from risk areas: the manual form asks these.',
  },
  venues: [...VENUE_CATEGORIES],
  venueClasses: {},
  settingsNotes: [
    "maxOfflineHours 24: codes are managed dynamically and colours change as risk changes (003 §5, §14); a scanner without a day's revocations no longer knows which codes were turned yellow or red.",
    'retentionDays 28: collect and keep only what control needs (003 §20, minimum necessary); two 14-day windows cover tracing; data is destroyed when the epidemic ends (003 §23).',
    'temperatureEntry optional: 003 sets no temperature check at entry, and fever makes a code yellow only with an epidemiological history (§12); option fever=refuse applies a measured fever (≥ 37.3 °C) at the door.',
    'declarationQuestions: the colour criteria of §11 (contacts) and §12 (fever, risk-area arrivals).',
  ],
  classify: [
    {
      id: 'declared-contact-red',
      when: { source: 'manual', declared: ['contact'] },
      colour: 'red',
      cite: '003 §11',
      text: A11_RED,
      gloss: 'Close and secondary contacts in isolation are red: a declared contact is treated as red.',
    },
    {
      id: 'positive-test-red',
      when: { test: { result: 'positive', withinHours: 336 } },
      colour: 'red',
      cite: '003 §11',
      text: A11_RED,
      gloss:
        'Confirmed and asymptomatic infections are red: a positive test from the last 14 days is treated as red.',
    },
    {
      id: 'declared-risk-area-yellow',
      when: { source: 'manual', declared: ['risk-area'] },
      colour: 'yellow',
      cite: '003 §12',
      text: A12_YELLOW,
      gloss:
        'Arrivals from domestic medium/high-risk areas are yellow: a declared stay is treated as yellow.',
    },
  ],
  rules: [
    {
      id: 'red-no-travel',
      when: { colour: ['red'] },
      effect: { decision: 'deny', actions: ['hold', 'report'] },
      cite: '003 §16, §17',
      text: '对赋红码人员,实行禁止出行管控措施。',
      gloss:
        'Red: travel prohibited; the unit that finds the person holds them and reports, as §17 requires even for yellow.',
    },
    {
      id: 'yellow-hold-report',
      when: { colour: ['yellow'] },
      unless: [{ venue: ['medical'] }],
      effect: { decision: 'deny', actions: ['hold', 'report'] },
      cite: '003 §17',
      text: A17_HOLD,
      gloss:
        'Yellow: travel restricted; the unit that finds a yellow code (transport hub, public place, compound, workplace) holds the person on the spot and reports to their community.',
    },
    {
      id: 'yellow-medical-untested',
      when: { colour: ['yellow'], venue: ['medical'] },
      unless: [{ emergency: true }, { test: { result: 'negative', withinHours: 24 } }],
      effect: { decision: 'deny', actions: ['hold', 'report', 'test'] },
      cite: '003 §18',
      text: A18_TEST,
      gloss:
        'Other yellow-code patients need a negative nucleic-acid result from the last 24 hours: without one, not admitted; each district tests yellow codes at a designated institution.',
    },
    {
      id: 'fever-clinic',
      when: { fever: true, option: { fever: 'refuse' } },
      unless: [{ emergency: true, venue: ['medical'] }],
      effect: { decision: 'deny', actions: ['fever-clinic'] },
      cite: '003 §12',
      text: A12_YELLOW,
      gloss:
        'Option fever=refuse: a person measured ≥ 37.3 °C is not let in but sent to the fever clinic, where the history is checked.',
    },
    {
      id: 'fever-yellow-medical-hold',
      when: { fever: true, colour: ['yellow'], venue: ['medical'], option: { fever: 'refuse' } },
      unless: [{ emergency: true }],
      effect: { decision: 'deny', actions: ['hold', 'report'] },
      cite: '003 §17',
      text: A17_HOLD,
      gloss:
        'Option fever=refuse: a yellow code that a fever keeps from the hospital’s door is not a patient let in (§18) but a yellow code found there: held and reported.',
    },
    {
      id: 'green-pass',
      when: { colour: ['green'] },
      effect: { decision: 'admit', actions: [] },
      cite: '003 §13',
      text: '不符合判定赋红码、黄码的人员,自动赋绿码。',
      gloss: 'Green: everyone not red or yellow; not restricted.',
    },
    {
      id: 'yellow-medical-emergency',
      when: { colour: ['yellow'], venue: ['medical'], emergency: true },
      effect: { decision: 'admit', actions: ['escort', 'report'] },
      cite: '003 §18',
      text: A18_EMERGENCY,
      gloss:
        'Yellow-code emergencies are treated, with infection control as for a suspected case: admit, escorted, and report.',
    },
    {
      id: 'yellow-medical-tested',
      when: { colour: ['yellow'], venue: ['medical'], test: { result: 'negative', withinHours: 24 } },
      effect: { decision: 'admit', actions: ['escort', 'report'] },
      cite: '003 §18',
      text: A18_TEST,
      gloss:
        'A yellow-code patient with a negative test from the last 24 hours is seen; a designated staff member checks the epidemiological history.',
    },
    {
      id: 'fever-emergency-medical',
      when: { fever: true, emergency: true, venue: ['medical'], option: { fever: 'refuse' } },
      effect: { decision: 'admit', actions: ['fever-clinic'] },
      cite: '003 §18',
      text: A18_EMERGENCY,
      gloss:
        'Option fever=refuse: emergencies are treated even when suspected, so a feverish emergency patient is admitted through the fever clinic.',
    },
    {
      id: 'manual-no-code-lane',
      when: { source: 'manual', reason: ['elderly', 'child', 'no-phone'] },
      effect: { decision: 'admit', actions: ['verify-identity'] },
      cite: '003 §7',
      text: A7_LANE,
      gloss:
        'Elderly people, children and others who cannot declare online pass through the "no health code" lane: identity verified.',
    },
    {
      id: 'foreigner-apply',
      when: { source: 'manual', reason: ['foreigner'], option: { foreigners: 'apply' } },
      effect: { decision: 'deny', actions: ['re-register'] },
      cite: '003 §7',
      text: A7_FOREIGN,
      gloss:
        'Foreigners apply for the 渝康码 through their own channel (港澳台及外籍人士通道): one without a code is asked to apply, not let in by hand.',
    },
    {
      id: 'foreigner-no-code-lane',
      when: { source: 'manual', reason: ['foreigner'], option: { foreigners: 'no-code-lane' } },
      effect: { decision: 'admit', actions: ['verify-identity'] },
      cite: '003 §7',
      text: `${A7_FOREIGN}${A7_LANE}`,
      gloss:
        'Option foreigners=no-code-lane: a foreigner who has not applied through the channel uses the "no health code" lane, identity verified on the passport.',
    },
    {
      id: 'proxy-family',
      when: { proxy: true },
      effect: { actions: ['verify-identity'] },
      cite: '003 §7',
      text: '老人、儿童以及其他不熟悉线上操作或没有智能手机等终端设备的人员,可由其共同居住的成年亲属代为线上申领“渝康码”。',
      gloss:
        'An adult relative living with the person may apply for them: compare the name and last 4 with the card.',
    },
  ],
  options: {
    fever: {
      cite: '003 §12',
      text: A12_YELLOW,
      gloss:
        'Fever makes a code yellow only with an epidemiological history, and 003 sets no temperature check at entry. Does a measured fever refuse entry?',
      choices: {
        colour:
          'No: fever alone changes nothing at the door; the code’s colour decides (a history is the issuer’s to weigh, §12).',
        refuse:
          'Yes: a fever is refused and sent to the fever clinic, except an emergency at a medical institution (§18); a yellow code so refused at a hospital is held and reported (§17).',
      },
      literal: 'colour',
      chosen: 'colour',
    },
    foreigners: {
      cite: '003 §7',
      text: `${A7_FOREIGN}${A7_LANE}`,
      gloss:
        'Foreigners have their own channel to apply; the no-code lane is for special groups who cannot declare online. Which way does a foreigner without a code go?',
      choices: {
        apply: 'Refused, and asked to apply through the foreigners’ channel.',
        'no-code-lane': 'Through the no-code lane, identity verified on the passport.',
      },
      literal: 'apply',
      chosen: 'apply',
    },
  },
};
