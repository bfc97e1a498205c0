// The fixed words policies and decisions are written in: admit or deny, venue categories, staff actions (the
// policies' and the checkpoint's own), manual-entry reasons, declarations.

/** What a checkpoint decides for a person: let them in or not. */
export type Verdict = 'admit' | 'deny';

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

/**
 * What the checkpoint itself asks of staff, outside any policy: trust data past its age limit must be updated;
 * a policy that admits only with a normal temperature waits for one to be taken.
 */
export const CHECKPOINT_ACTIONS = ['update-trust', 'take-temperature'] as const;

/** An action a logged decision carries: a policy's staff action, or one of the checkpoint's own. */
export type EntryAction = Action | (typeof CHECKPOINT_ACTIONS)[number];

/** Why a person is entered by hand instead of by a code. */
export const MANUAL_REASONS = ['elderly', 'child', 'no-phone', 'foreigner'] as const;

/** A manual-entry reason. */
export type ManualReason = (typeof MANUAL_REASONS)[number];

/**
 * The questions a manual (paper) declaration can ask: current symptoms (fever, dry cough, fatigue), contact with
 * a case, a stay in a domestic medium/high-risk area, and travel abroad, each within the last 14 days.
 */
export const DECLARATIONS = ['fever', 'contact', 'risk-area', 'abroad'] as const;

/** A declaration question. */
export type Declaration = (typeof DECLARATIONS)[number];

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
