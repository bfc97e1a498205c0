// The entry rules: what the log keeps of a decision, from the code's verification and the policy's decision.
import { isoFromSeconds, toHex } from './bytes.js';
import type { Colour, HealthClaims, VerifyResult } from './hcq1/types.js';
import type { DecisionEntry } from './log.js';
import { decide } from './policy/evaluate.js';
import { awaitsTemperature } from './policy/situations.js';
import type { DecisionInput, Person, Policy, Reason } from './policy/types.js';
import type { Declaration, EntryAction, Verdict } from './policy/vocabulary.js';

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
/** The rule logged while a decision waits for the temperature its policy makes a condition of entry. */
export const TEMPERATURE_REQUIRED = 'temperature-required';

/** The rule logged before the policy's for a revoked code decided by the colour its revocation gave. */
export const REVOKED_COLOUR = 'hcq1:revoked';

const TEMPERATURE_FIRST: Reason = {
  rule: TEMPERATURE_REQUIRED,
  cite: '—',
  text: '',
  gloss:
    'This policy admits only with a normal temperature, and a fever would change this decision: take the temperature first.',
};

/** A decision as an entry records it, with the reasons shown beside it. */
export interface EntryDecision {
  decision: Verdict;
  actions: EntryAction[];
  /** Rule ids that decided, for audit. */
  rules: string[];
  reasons: Reason[];
  /** The colour the rules saw, after classification; null when they saw none. */
  colour: Colour | null;
  /** No decision yet: the policy waits for a temperature (logged as a deny until one is taken). */
  awaitsTemperature: boolean;
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
  /** The declaration's answers, question by question (true: yes). */
  declaration?: Partial<Record<Declaration, boolean>>;
}

/** A person entered by hand, as the policy sees them. */
export type ManualPerson = Extract<Person, { kind: 'manual' }>;

/**
 * The policy's decision on `input`; with trust data older than the policy allows, a deny that asks for fresh
 * trust data instead, since revocations and keys that old can no longer be relied on.
 */
export function decideEntry(policy: Policy, input: DecisionInput, trustStale: boolean): EntryDecision {
  if (trustStale) return denyUntil('update-trust', TRUST_TOO_OLD, [], null);
  const d = decide(policy, input);
  const colour = d.colour ?? null;
  if (awaitsTemperature(policy, input))
    // Not admitted until the temperature is in: the record says so, and the reasons say what would admit.
    return denyUntil('take-temperature', TEMPERATURE_REQUIRED, [TEMPERATURE_FIRST, ...d.reasons], colour);
  return {
    decision: d.decision,
    actions: [...d.actions],
    rules: d.reasons.map((r) => r.rule),
    reasons: d.reasons,
    colour,
    awaitsTemperature: false,
  };
}

// A deny that stands until staff do `action` first (fresh trust data, a temperature), logged under `rule`.
function denyUntil(
  action: EntryAction,
  rule: string,
  reasons: Reason[],
  colour: Colour | null,
): EntryDecision {
  return {
    decision: 'deny',
    actions: [action],
    rules: [rule],
    reasons,
    colour,
    awaitsTemperature: action === 'take-temperature',
  };
}

/** What staff entered at the door, as the record keeps it (each key only when entered). */
export function reportedFields(
  input: DecisionInput,
): Pick<DecisionEntry, 'mask' | 'emergency' | 'paperTest' | 'proxy'> {
  const t = input.paperTest;
  return {
    ...(input.mask !== undefined ? { mask: input.mask } : {}),
    ...(input.emergency !== undefined ? { emergency: input.emergency } : {}),
    ...(t ? { paperTest: { result: t.result, sampledAt: isoFromSeconds(t.sampledAt) } } : {}),
    ...(input.person.proxy ? { proxy: true } : {}),
  };
}

/** A code that failed verification: a deny, and none of its claims shown, logged or used (spec §3). */
export function refusedCodeEntry(place: EntryPlace, result: Exclude<VerifyResult, 'ok'>): DecisionEntry {
  return {
    ...blank(place, 'scan', result),
    decision: 'deny',
    actions: [...(VERIFY_ACTIONS[result] ?? [])],
    rules: [`hcq1:${result}`],
  };
}

/** A verified code: its colour, issuer, pseudonymous subject and masked name and ID; never a document number. */
export function codeEntry(place: EntryPlace, claims: HealthClaims, decided: EntryDecision): DecisionEntry {
  return {
    ...blank(place, 'scan', 'ok'),
    colour: claims.colour,
    ...verdictOf(decided),
    iss: claims.iss,
    subject: toHex(claims.subject),
    maskedName: claims.name,
    idLast4: claims.idLast4,
    ...(claims.proxy ? { proxy: true } : {}),
  };
}

/**
 * A code revoked after it was made, decided by the colour its revocation gave: logged as `revoked`, with that
 * colour and the policy's rules after REVOKED_COLOUR.
 */
export function revokedCodeEntry(
  place: EntryPlace,
  claims: HealthClaims,
  decided: EntryDecision,
  colour: Colour,
): DecisionEntry {
  return {
    ...codeEntry(place, claims, decided),
    result: 'revoked',
    colour,
    rules: [REVOKED_COLOUR, ...decided.rules],
  };
}

/** A manually entered person: masked forms and the sealed box only, and the colour the rules saw. */
export function manualEntry(
  place: EntryPlace,
  details: ManualDetails,
  decided: EntryDecision,
): DecisionEntry {
  return {
    ...blank(place, 'manual', 'manual'),
    colour: decided.colour,
    ...verdictOf(decided),
    maskedName: details.maskedName,
    idLast4: details.idLast4,
    temperature: details.temperature,
    sealed: details.sealed,
    mask: details.mask,
    ...(details.proxy ? { proxy: true } : {}),
    ...(details.declaration ? { declaration: { ...details.declaration } } : {}),
  };
}

/**
 * `was` decided again on `input` (a temperature taken, a situation reported), as a new entry that amends record
 * `amends` (if it was logged) and keeps what was entered.
 */
export function amendedEntry(
  was: DecisionEntry,
  amends: string | null,
  atMs: number,
  input: DecisionInput,
  decided: EntryDecision,
): DecisionEntry {
  const { mask: _m, emergency: _e, paperTest: _t, ...rest } = was;
  const revoked = was.rules[0] === REVOKED_COLOUR;
  return {
    ...rest,
    at: new Date(atMs).toISOString(),
    decision: decided.decision,
    actions: decided.actions,
    rules: revoked ? [REVOKED_COLOUR, ...decided.rules] : decided.rules,
    temperature: input.temperature ?? null,
    ...reportedFields(input),
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
    ...blank(place, 'scan', 'misread'),
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

type Decided = 'decision' | 'actions' | 'rules';

/** What an entry records of a decision: the verdict, the staff's actions and the rules that decided. */
function verdictOf(decided: EntryDecision): Pick<DecisionEntry, 'decision' | 'actions' | 'rules'> {
  return { decision: decided.decision, actions: decided.actions, rules: decided.rules };
}

/** An entry of `source` and `result` at `place` that has decided nothing yet and records no person. */
function blank(
  place: EntryPlace,
  source: DecisionEntry['source'],
  result: DecisionEntry['result'],
): Omit<DecisionEntry, Decided> {
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
    source,
    result,
  };
}
