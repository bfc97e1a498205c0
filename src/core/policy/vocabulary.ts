// The fixed words policies are written in: venue categories, staff actions, manual-entry reasons, declarations.

/** Every venue category a checkpoint can be set up at (one vocabulary, translated in the UI). */
export const VENUE_CATEGORIES = [
  'mall',
  'supermarket',
  'farmers-market',
  'wholesale-market',
  'school',
  'nursing-home',
  'welfare-home',
  'mental-health',
  'prison',
  'library',
  'museum',
  'gallery',
  'exhibition-hall',
  'cinema',
  'theatre',
  'game-hall',
  'restaurant',
  'hotel',
  'office',
  'government',
  'service-hall',
  'community',
  'medical',
  'transit-hub',
  'public-transport',
  'taxi',
  'labour-market',
] as const;

/** A venue category. */
export type VenueCategory = (typeof VENUE_CATEGORIES)[number];

/** What staff must do, in the order they are shown. */
export const ACTIONS = [
  'hold',
  'report',
  'escort',
  'fever-clinic',
  'test',
  'verify-identity',
  'mask',
  're-register',
] as const;

/** A staff action: hold on the spot, report to the community, escort to a designated place, etc. */
export type Action = (typeof ACTIONS)[number];

/** Why a person is entered by hand instead of by a code. */
export const MANUAL_REASONS = ['elderly', 'child', 'no-phone', 'foreigner'] as const;

/** A manual-entry reason. */
export type ManualReason = (typeof MANUAL_REASONS)[number];

/** The questions a manual (paper) declaration can ask; an answer given means "yes". */
export const DECLARATIONS = ['fever', 'contact', 'risk-area'] as const;

/** A declaration question. */
export type Declaration = (typeof DECLARATIONS)[number];

/** Display names of the venue categories (Chinese as the documents name them, English). */
export const VENUE_LABELS: Readonly<Record<VenueCategory, { zh: string; en: string }>> = {
  mall: { zh: '商场', en: 'Shopping mall' },
  supermarket: { zh: '超市', en: 'Supermarket' },
  'farmers-market': { zh: '农贸市场', en: "Farmers' market" },
  'wholesale-market': { zh: '农产品批发市场', en: 'Wholesale market' },
  school: { zh: '学校', en: 'School' },
  'nursing-home': { zh: '养老院', en: 'Nursing home' },
  'welfare-home': { zh: '福利院', en: 'Welfare home' },
  'mental-health': { zh: '精神卫生医疗机构', en: 'Mental-health institution' },
  prison: { zh: '监所', en: 'Prison or detention site' },
  library: { zh: '图书馆', en: 'Library' },
  museum: { zh: '博物馆', en: 'Museum' },
  gallery: { zh: '美术馆', en: 'Art gallery' },
  'exhibition-hall': { zh: '展览馆', en: 'Exhibition hall' },
  cinema: { zh: '影院', en: 'Cinema' },
  theatre: { zh: '剧院', en: 'Theatre' },
  'game-hall': { zh: '游艺厅', en: 'Game hall' },
  restaurant: { zh: '餐饮', en: 'Restaurant' },
  hotel: { zh: '酒店', en: 'Hotel' },
  office: { zh: '企事业单位', en: 'Office or workplace' },
  government: { zh: '机关', en: 'Government office' },
  'service-hall': { zh: '办事大厅', en: 'Service hall' },
  community: { zh: '社区(村)', en: 'Residential community' },
  medical: { zh: '医疗机构', en: 'Hospital or clinic' },
  'transit-hub': { zh: '车站、机场、港口', en: 'Station, airport or port' },
  'public-transport': { zh: '公交、地铁', en: 'Bus or metro' },
  taxi: { zh: '出租车、网约车', en: 'Taxi or ride-hailing car' },
  'labour-market': { zh: '劳务市场', en: 'Labour market' },
};

/** Display names of the staff actions. */
export const ACTION_LABELS: Readonly<Record<Action, { zh: string; en: string }>> = {
  hold: { zh: '就地管控', en: 'Keep the person on the spot' },
  report: { zh: '向社区(村)报告', en: 'Report to the community / health authority' },
  escort: { zh: '引导至指定地点', en: 'Escort to the designated place' },
  'fever-clinic': { zh: '引导至发热门诊', en: 'Send to the fever clinic' },
  test: { zh: '核酸检测', en: 'Direct to a nucleic-acid test' },
  'verify-identity': { zh: '核实身份', en: 'Verify identity against the card' },
  mask: { zh: '正确佩戴口罩', en: 'Mask worn correctly' },
  're-register': { zh: '重新扫码登记', en: 'Register again for a code' },
};

/** True when the text is one of the venue categories. */
export function isVenueCategory(text: string): text is VenueCategory {
  return (VENUE_CATEGORIES as readonly string[]).includes(text);
}

/** True when the text is one of the staff actions. */
export function isAction(text: string): text is Action {
  return (ACTIONS as readonly string[]).includes(text);
}

/** True when the text is one of the manual-entry reasons. */
export function isManualReason(text: string): text is ManualReason {
  return (MANUAL_REASONS as readonly string[]).includes(text);
}

/** True when the text is one of the declaration questions. */
export function isDeclaration(text: string): text is Declaration {
  return (DECLARATIONS as readonly string[]).includes(text);
}
