// The policy language: plain JSON data (no functions), so a server can ship policies inside signed bundles.
import type { Colour, TestResult } from '../hcq1/types.js';
import type { Action, Declaration, ManualReason, VenueCategory, Verdict } from './vocabulary.js';

/** The schema tag every policy carries; the engine refuses data written for another schema. */
export const POLICY_SCHEMA = 'checkpoint.policy/1';

/**
 * What a rule looks at. Every key present must hold (AND); a key that is absent does not constrain.
 * A key about something the input does not tell (colour of a manual entry with no risk declared, code
 * age without colour-since, temperature not measured) does not hold.
 */
export interface Condition {
  /** `code`: a code was shown (scanned or read off the screen); `manual`: the person was entered by hand. */
  source?: 'code' | 'manual';
  /** The effective colour (after classification) is one of these. */
  colour?: Colour[];
  /** The venue is one of these categories. */
  venue?: VenueCategory[];
  /** The venue is in this named class of the policy's `venueClasses`. */
  venueClass?: string;
  /** true: temperature measured at or above `feverAt`, or fever declared; false: neither. */
  fever?: boolean;
  /** The manual declaration answered yes to at least one of these. */
  declared?: Declaration[];
  /** The manual entry's reason is one of these. */
  reason?: ManualReason[];
  /** A mask is worn (true) or not (false). */
  mask?: boolean;
  /** The person comes as an emergency (true) or not (false). */
  emergency?: boolean;
  /** A family member declared for the person (代他人填报): the code's flag, or the manual entry's. */
  proxy?: boolean;
  /** The current colour has held for at least this many days (needs colour-since). */
  colourAgeAtLeastDays?: number;
  /** The latest test (code or paper) has this result and was sampled within this many hours. */
  test?: { result: TestResult['result']; withinHours: number };
  /** Each named option of the policy is set to the given choice (a reading chosen in the data). */
  option?: Record<string, string>;
}

/** Where a rule comes from: the paragraph and the sentence of the document it encodes. */
export interface Citation {
  /** e.g. "003 §17" or "002 §4(1), 000 §7(2)3"; the number is the document's file number. */
  cite: string;
  /** The sentence of the document, Chinese, as written (001 restored from its synonym-spun copy). */
  text: string;
  /** A short English gloss of the sentence and of how the rule reads it. */
  gloss: string;
}

/** A rule that raises the effective colour (e.g. a declared contact counts as red). */
export interface ClassifyRule extends Citation {
  id: string;
  when: Condition;
  colour: Colour;
}

/** An entry rule. `decision` absent: an advisory rule that only adds actions whenever it matches. */
export interface Rule extends Citation {
  id: string;
  when: Condition;
  /** The rule does not apply when any of these conditions holds (the documents' "except ..."). */
  unless?: Condition[];
  effect: { decision?: Verdict; actions: Action[] };
}

/** One source document of a policy. */
export interface PolicySource {
  /** The document's file number in ../shared/seeds, e.g. "003". */
  doc: string;
  title: string;
  issuer: string;
  /** ISO date of issue. */
  issued: string;
}

/**
 * A reading the documents leave open, named and documented, chosen in the (signed) policy data rather than in
 * code. Rules follow it through the `option` condition; the cite and text are the sentence that is contested.
 */
export interface PolicyOption extends Citation {
  /** Every allowed choice, with what it decides (English). */
  choices: Record<string, string>;
  /** The choice that reads the cited sentence literally: what the shipped policies choose. */
  literal: string;
  /** The choice this policy makes. */
  chosen: string;
}

/** A province's entry policy, as data. */
export interface Policy {
  schema: typeof POLICY_SCHEMA;
  name: string;
  /** Raised whenever the rules change; decisions record it. */
  version: number;
  title: string;
  titleZh: string;
  /** ISO 3166-2 region the policy applies in, e.g. CN-ZJ. */
  region: string;
  sources: PolicySource[];
  /** Temperature (°C) from which a reading counts as fever. */
  feverAt: number;
  /**
   * 'ask': a normal temperature is a condition of entry (e.g. 000 §7(2)3 在體溫檢測正常的情況下): where a fever
   * would change the decision, the checkpoint shows no decision until a temperature is taken. 'optional': one
   * may be taken and is then applied.
   */
  temperatureEntry: 'ask' | 'optional';
  /** How old trust data (keys, revocations) may be before the scanner refuses to decide. */
  maxOfflineHours: number;
  /** Days a checkpoint keeps its decision records before deleting them. */
  retentionDays: number;
  /** The questions the manual (paper) declaration asks. */
  declarationQuestions: Declaration[];
  /** The paragraph the declaration questions come from. */
  declarationSource: Citation;
  /** The venue categories the policy covers. */
  venues: VenueCategory[];
  /** Named venue classes rules can refer to. */
  venueClasses: Record<string, VenueCategory[]>;
  /** Why the policy's settings (offline hours, retention, temperature) are what they are. */
  settingsNotes: string[];
  classify: ClassifyRule[];
  rules: Rule[];
  /** The contested readings, by name (e.g. "fever"); absent when the policy has none. */
  options?: Record<string, PolicyOption>;
}

/** The person at the checkpoint: a code (verified, or read off a screen) or a manual entry. */
export type Person =
  | {
      kind: 'code';
      colour: Colour;
      /** Seconds since the epoch since when the colour holds; absent when not known. */
      colourSince?: number;
      test?: TestResult;
      proxy?: boolean;
    }
  | {
      kind: 'manual';
      reason: ManualReason;
      declared: Declaration[];
      /** A family member declared for the person (代他人填報). */
      proxy?: boolean;
    };

/** Everything a decision depends on. Times are seconds since the epoch. */
export interface DecisionInput {
  person: Person;
  venue: VenueCategory;
  /** Degrees Celsius; absent when not measured here (e.g. a separate thermal camera). */
  temperature?: number;
  mask?: boolean;
  emergency?: boolean;
  /** A test result shown on paper. */
  paperTest?: TestResult;
  at: number;
}

/** One rule that shaped a decision. */
export interface Reason {
  rule: string;
  cite: string;
  text: string;
  gloss: string;
}

/**
 * How the door carries a decision out. `admit-escorted`: admitted for care only, taken to the designated place
 * (the admission's actions include `escort` or `fever-clinic`); it must not be shown as a plain admit.
 */
export type Outcome = 'admit' | 'admit-escorted' | 'deny';

/** The engine's answer. */
export interface Decision {
  decision: Verdict;
  /** `decision`, refined: an admission that sends the person to a designated place is `admit-escorted`. */
  outcome: Outcome;
  actions: Action[];
  reasons: Reason[];
  policy: string;
  policyVersion: number;
  /** The colour the rules saw, after classification; absent for a manual entry with nothing declared. */
  colour?: Colour;
}

/** Why a policy or venue could not be used. */
export type PolicyError =
  | { kind: 'unknown-policy'; name: string; known: string[]; message: string }
  | { kind: 'unknown-venue'; venue: string; known: readonly string[]; message: string }
  | { kind: 'invalid-policy'; problems: string[]; message: string }
  | { kind: 'unknown-option'; option: string; known: string[]; message: string };
