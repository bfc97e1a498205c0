// The one engine that evaluates every policy: classify the colour, then deny rules beat admit rules.
import type { Colour, TestResult } from '../hcq1/types.js';
import { ACTIONS, type Action, type Verdict } from './vocabulary.js';
import type { Condition, Decision, DecisionInput, Outcome, Policy, Reason, Rule } from './types.js';

const COLOUR_RANK: Record<Colour, number> = { green: 0, yellow: 1, red: 2 };

// Admitted with one of these, a person goes to a designated place, not in by the door like a green code.
const GUIDING: readonly Action[] = ['escort', 'fever-clinic'];

// A test sampled a little "after" the scanner's clock is a clock difference, not a forgery.
const TEST_CLOCK_TOLERANCE_S = 300;

/** The reason given when no rule of a policy admits a case: the engine is closed by default. */
export const NO_RULE_ADMITS: Reason = {
  rule: 'no-rule-admits',
  cite: '—',
  text: '',
  gloss: 'No rule of this policy admits this case, so it is refused (closed by default).',
};

/** The reason given when the venue is not one the policy covers. */
export const VENUE_NOT_COVERED: Reason = {
  rule: 'venue-not-covered',
  cite: '—',
  text: '',
  gloss:
    'This policy does not cover this kind of venue, so it decides nothing there: refused (closed by default).',
};

/** The most recent of the code's test and the paper test, by sampling time. */
export function latestTest(input: DecisionInput): TestResult | undefined {
  const code = input.person.kind === 'code' ? input.person.test : undefined;
  const paper = input.paperTest;
  if (!code) return paper;
  if (!paper) return code;
  return paper.sampledAt > code.sampledAt ? paper : code;
}

/** True when the input shows fever: a measured temperature at or above the threshold, or fever declared. */
export function hasFever(policy: Policy, input: DecisionInput): boolean {
  if (input.temperature !== undefined && input.temperature >= policy.feverAt) return true;
  return input.person.kind === 'manual' && input.person.declared.includes('fever');
}

/** True when every key of the condition holds for this input and effective colour. */
export function conditionHolds(
  policy: Policy,
  c: Condition,
  input: DecisionInput,
  colour: Colour | undefined,
): boolean {
  const p = input.person;
  if (c.source !== undefined && c.source !== p.kind) return false;
  if (c.colour !== undefined && (colour === undefined || !c.colour.includes(colour))) return false;
  if (c.venue !== undefined && !c.venue.includes(input.venue)) return false;
  if (c.venueClass !== undefined && !(policy.venueClasses[c.venueClass] ?? []).includes(input.venue)) {
    return false;
  }
  if (c.fever !== undefined && c.fever !== hasFever(policy, input)) return false;
  if (c.declared !== undefined) {
    if (p.kind !== 'manual' || !c.declared.some((d) => p.declared.includes(d))) return false;
  }
  if (c.reason !== undefined && (p.kind !== 'manual' || !c.reason.includes(p.reason))) return false;
  if (c.mask !== undefined && c.mask !== (input.mask === true)) return false;
  if (c.emergency !== undefined && c.emergency !== (input.emergency === true)) return false;
  if (c.proxy !== undefined && c.proxy !== (p.proxy === true)) return false;
  if (c.colourAgeAtLeastDays !== undefined) {
    if (p.kind !== 'code' || p.colourSince === undefined) return false;
    if (input.at - p.colourSince < c.colourAgeAtLeastDays * 86_400) return false;
  }
  if (c.option !== undefined) {
    const options = policy.options ?? {};
    for (const [name, choice] of Object.entries(c.option))
      if (!Object.hasOwn(options, name) || options[name]?.chosen !== choice) return false;
  }
  if (c.test !== undefined) {
    const t = latestTest(input);
    if (!t || t.result !== c.test.result) return false;
    if (t.sampledAt > input.at + TEST_CLOCK_TOLERANCE_S) return false;
    if (input.at - t.sampledAt > c.test.withinHours * 3_600) return false;
  }
  return true;
}

function ruleApplies(policy: Policy, rule: Rule, input: DecisionInput, colour: Colour | undefined): boolean {
  if (!conditionHolds(policy, rule.when, input, colour)) return false;
  return !(rule.unless ?? []).some((u) => conditionHolds(policy, u, input, colour));
}

function reasonOf(r: { id: string; cite: string; text: string; gloss: string }): Reason {
  return { rule: r.id, cite: r.cite, text: r.text, gloss: r.gloss };
}

/** The colour the entry rules see: the code's colour raised by every classification rule that matches. */
export function classify(
  policy: Policy,
  input: DecisionInput,
): { colour: Colour | undefined; reasons: Reason[] } {
  let colour: Colour | undefined = input.person.kind === 'code' ? input.person.colour : undefined;
  const reasons: Reason[] = [];
  for (const rule of policy.classify) {
    if (!conditionHolds(policy, rule.when, input, colour)) continue;
    if (colour === undefined || COLOUR_RANK[rule.colour] > COLOUR_RANK[colour]) colour = rule.colour;
    reasons.push(reasonOf(rule));
  }
  return { colour, reasons };
}

/**
 * The outcome of a decision: an admission whose actions send the person to a designated place is escorted.
 * Takes plain strings too, so a logged record's decision and actions give the outcome it was shown with.
 */
export function outcomeOf(decision: Verdict, actions: readonly string[]): Outcome {
  if (decision === 'deny') return 'deny';
  return actions.some((a) => (GUIDING as readonly string[]).includes(a)) ? 'admit-escorted' : 'admit';
}

/**
 * Decides entry. Precedence: classification first; then if any deny rule applies the answer is deny
 * (with the actions of every deny rule that applies); otherwise if any admit rule applies it is admit
 * (with the actions of every admit rule that applies); otherwise deny. Advisory rules add their actions
 * to either answer.
 */
export function decide(policy: Policy, input: DecisionInput): Decision {
  if (!policy.venues.includes(input.venue)) {
    return {
      decision: 'deny',
      outcome: 'deny',
      actions: [],
      reasons: [VENUE_NOT_COVERED],
      policy: policy.name,
      policyVersion: policy.version,
    };
  }
  const { colour, reasons: classReasons } = classify(policy, input);
  const applying = policy.rules.filter((r) => ruleApplies(policy, r, input, colour));
  const denies = applying.filter((r) => r.effect.decision === 'deny');
  const admits = applying.filter((r) => r.effect.decision === 'admit');
  const advisory = applying.filter((r) => r.effect.decision === undefined);
  const decision: Verdict = denies.length === 0 && admits.length > 0 ? 'admit' : 'deny';
  const deciding = decision === 'deny' ? denies : admits;
  const used = [...deciding, ...advisory];
  const wanted = new Set<Action>(used.flatMap((r) => r.effect.actions));
  const reasons = used.map(reasonOf);
  if (deciding.length === 0) reasons.unshift(NO_RULE_ADMITS);
  const actions = ACTIONS.filter((a) => wanted.has(a));
  const result: Decision = {
    decision,
    outcome: outcomeOf(decision, actions),
    actions,
    reasons: [...reasons, ...classReasons],
    policy: policy.name,
    policyVersion: policy.version,
  };
  if (colour !== undefined) result.colour = colour;
  return result;
}
