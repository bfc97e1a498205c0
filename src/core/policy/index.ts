// The shipped policies and the lookups callers need (by name, venue text), with typed errors.
import { err, ok, type Result } from '../result.js';
import { chongqing2021 } from './policies/chongqing-2021.js';
import { yunnan2020 } from './policies/yunnan-2020.js';
import { zhejiang2020 } from './policies/zhejiang-2020.js';
import type { Policy, PolicyError } from './types.js';
import { VENUE_CATEGORIES, isVenueCategory, type VenueCategory } from './vocabulary.js';

// Re-exported so callers import the policy language, vocabulary, engine and validator from one place.
export * from './types.js';
export * from './vocabulary.js';
export {
  decide,
  classify,
  conditionHolds,
  latestTest,
  hasFever,
  outcomeOf,
  NO_RULE_ADMITS,
  VENUE_NOT_COVERED,
} from './evaluate.js';
export { parsePolicy, citedDocuments } from './validate.js';
export { chooseOptions } from './options.js';
export { deliveredPolicy, parsePackagedPolicy, type PackagedPolicy } from './delivered.js';
export {
  SITUATIONS,
  awaitsTemperature,
  situationsThatMatter,
  withReported,
  withSituation,
  type Reported,
  type Situation,
} from './situations.js';

/** The policies shipped with Checkpoint, by name. */
export const POLICIES: Readonly<Record<string, Policy>> = {
  [zhejiang2020.name]: zhejiang2020,
  [yunnan2020.name]: yunnan2020,
  [chongqing2021.name]: chongqing2021,
};

/** The names of the shipped policies. */
export const POLICY_NAMES: readonly string[] = Object.keys(POLICIES);

/** Finds a shipped policy by name; an unknown name lists the known ones. */
export function findPolicy(name: string): Result<Policy, PolicyError> {
  const policy = POLICIES[name];
  if (policy) return ok(policy);
  return err({
    kind: 'unknown-policy',
    name,
    known: [...POLICY_NAMES],
    message: `unknown policy "${name}"; known: ${POLICY_NAMES.join(', ')}`,
  });
}

/** Reads a venue category from text; an unknown one lists the valid ones. */
export function parseVenue(text: string): Result<VenueCategory, PolicyError> {
  if (isVenueCategory(text)) return ok(text);
  return err({
    kind: 'unknown-venue',
    venue: text,
    known: VENUE_CATEGORIES,
    message: `unknown venue "${text}"; valid: ${VENUE_CATEGORIES.join(', ')}`,
  });
}

/** One line per policy for listings: name, version, title and the documents it comes from. */
export function policySummary(p: Policy): { name: string; version: number; title: string; source: string } {
  return { name: p.name, version: p.version, title: p.title, source: p.sources.map((s) => s.doc).join(', ') };
}
