// The entry rules: what the log keeps of a decision, from the code's verification and the policy's decision.
import { toHex } from './bytes.js';
import type { Colour, HealthClaims, VerifyResult } from './hcq1/types.js';
import type { DecisionEntry } from './log.js';
import { decide } from './policy/evaluate.js';
import type { DecisionInput, Person, Policy, Reason } from './policy/types.js';
import type { EntryAction, VenueCategory, Verdict } from './policy/vocabulary.js';

/** What staff do after a code that failed verification: check the person's card, or send them for a new code. */
export const VERIFY_ACTIONS: Readonly<Partial<Record<VerifyResult, readonly EntryAction[]>>> = {
  'bad-signature': ['verify-identity'],
  'issuer-mismatch': ['verify-identity'],
  expired: ['re-register'],
  'not-yet-valid': ['re-register'],
  revoked: ['re-register'],
};

/** The rule logged when the trust data was too old to decide by. */
export const TRUST_TOO_OLD = 'trust-data-too-old';

/** The rule logged for a read that was not a whole code. */
export const MISREAD = 'scan:misread';

/** A decision as an entry records it, with the reasons shown beside it. */
export interface EntryDecision {
  decision: Verdict;
  actions: EntryAction[];
  /** Rule ids that decided, for audit. */
  rules: string[];
  reasons: Reason[];
  /** The colour the rules saw, after classification; null when they saw none. */
  colour: Colour | null;
}

/** Where, when and by which policy a decision is made: what every entry starts from. */
export interface EntryPlace {
  policy: Policy;
  venueId: string;
  /** Milliseconds since the epoch. */
  atMs: number;
}

/** A manually entered person as staff typed them in, reduced to masked forms and a sealed box. */
export interface ManualDetails {
  maskedName: string;
  idLast4: string;
  /** The clear fields sealed to the health authority (base64). */
  sealed: string;
  temperature: number | null;
  mask: boolean;
  /** A family member declared for the person (代他人填报). */
  proxy: boolean;
}

/** A person entered by hand, as the policy sees them. */
export type ManualPerson = Extract<Person, { kind: 'manual' }>;

/**
 * The policy's decision on `input`; with trust data older than the policy allows, a deny that asks for fresh
 * trust data instead, since revocations and keys that old can no longer be relied on.
 */
export function decideEntry(policy: Policy, input: DecisionInput, trustStale: boolean): EntryDecision {
  if (trustStale)
    return { decision: 'deny', actions: ['update-trust'], rules: [TRUST_TOO_OLD], reasons: [], colour: null };
  const d = decide(policy, input);
  return {
    decision: d.decision,
    actions: [...d.actions],
    rules: d.reasons.map((r) => r.rule),
    reasons: d.reasons,
    colour: d.colour ?? null,
  };
}

/** What the policy decides a verified code by: only a verified code's claims are ever used (spec §3). */
export function codeInput(claims: HealthClaims, venue: VenueCategory, atMs: number): DecisionInput {
  return {
    person: {
      kind: 'code',
      colour: claims.colour,
      colourSince: claims.colourSince,
      ...(claims.test ? { test: claims.test } : {}),
      ...(claims.proxy ? { proxy: true } : {}),
    },
    venue,
    at: Math.floor(atMs / 1000),
  };
}

/** What the policy decides a manually entered person by. */
export function manualInput(
  person: ManualPerson,
  details: ManualDetails,
  venue: VenueCategory,
  atMs: number,
): DecisionInput {
  return {
    person,
    venue,
    mask: details.mask,
    at: Math.floor(atMs / 1000),
    ...(details.temperature !== null ? { temperature: details.temperature } : {}),
  };
}

/** The input again, with a temperature measured at `atMs`. */
export function withTemperature(input: DecisionInput, celsius: number, atMs: number): DecisionInput {
  return { ...input, temperature: celsius, at: Math.floor(atMs / 1000) };
}

/** A code that failed verification: a deny, and none of its claims shown, logged or used (spec §3). */
export function refusedCodeEntry(place: EntryPlace, result: Exclude<VerifyResult, 'ok'>): DecisionEntry {
  return {
    ...blank(place),
    source: 'scan',
    result,
    decision: 'deny',
    actions: [...(VERIFY_ACTIONS[result] ?? [])],
    rules: [`hcq1:${result}`],
  };
}

/** A verified code: its colour, issuer, pseudonymous subject and masked name and ID; never a document number. */
export function codeEntry(place: EntryPlace, claims: HealthClaims, decided: EntryDecision): DecisionEntry {
  return {
    ...blank(place),
    source: 'scan',
    result: 'ok',
    colour: claims.colour,
    decision: decided.decision,
    actions: decided.actions,
    rules: decided.rules,
    iss: claims.iss,
    subject: toHex(claims.subject),
    maskedName: claims.name,
    idLast4: claims.idLast4,
  };
}

/** A manually entered person: masked forms and the sealed box only, and the colour the rules saw. */
export function manualEntry(
  place: EntryPlace,
  details: ManualDetails,
  decided: EntryDecision,
): DecisionEntry {
  return {
    ...blank(place),
    source: 'manual',
    result: 'manual',
    colour: decided.colour,
    decision: decided.decision,
    actions: decided.actions,
    rules: decided.rules,
    maskedName: details.maskedName,
    idLast4: details.idLast4,
    temperature: details.temperature,
    sealed: details.sealed,
  };
}

/** `was` decided again with a measured temperature, as a new entry that amends record `amends` (if it was logged). */
export function temperatureEntry(
  was: DecisionEntry,
  amends: string | null,
  atMs: number,
  celsius: number,
  decided: EntryDecision,
): DecisionEntry {
  return {
    ...was,
    at: new Date(atMs).toISOString(),
    decision: decided.decision,
    actions: decided.actions,
    rules: decided.rules,
    temperature: celsius,
    ...(amends ? { amends } : {}),
  };
}

/**
 * A supervisor's decision over `was`, as a new entry that amends record `amends` (if it was logged). It keeps
 * what the policy first decided, however many overrides follow, and drops a deny's instructions on an admit:
 * an admitted person is not to be held or reported.
 */
export function overrideEntry(
  was: DecisionEntry,
  amends: string | null,
  atMs: number,
  decision: Verdict,
  reason: string,
): DecisionEntry {
  return {
    ...was,
    at: new Date(atMs).toISOString(),
    decision,
    actions: decision === 'admit' ? [] : was.actions,
    override: {
      decision,
      engineDecision: was.override?.engineDecision ?? was.decision,
      reason: reason.trim(),
    },
    ...(amends ? { amends } : {}),
  };
}

/**
 * A read that was not a whole code (cut short): logged as a misread, which decides nothing about a person. Its
 * decision is a deny only so that no reader of the log can take it for an admission; `result` says what it is.
 */
export function misreadEntry(place: EntryPlace): DecisionEntry {
  return {
    ...blank(place),
    source: 'scan',
    result: 'misread',
    decision: 'deny',
    actions: [],
    rules: [MISREAD],
  };
}

/** `entry` with the staff member on shift written on it; unchanged when nobody is named. */
export function withStaff(entry: DecisionEntry, staff: string): DecisionEntry {
  const name = staff.trim();
  return name ? { ...entry, staff: name } : entry;
}

type Decided = 'source' | 'result' | 'decision' | 'actions' | 'rules';

function blank(place: EntryPlace): Omit<DecisionEntry, Decided> {
  return {
    at: new Date(place.atMs).toISOString(),
    venueId: place.venueId,
    policy: place.policy.name,
    policyVersion: place.policy.version,
    colour: null,
    iss: null,
    subject: null,
    maskedName: null,
    idLast4: null,
    temperature: null,
    override: null,
    sealed: null,
  };
}
