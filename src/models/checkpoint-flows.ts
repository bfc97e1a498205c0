// The ways a decision is made or changed: a scanned code, a manual entry, what staff report (a temperature, a
// mask, an emergency, a test shown), a supervisor's override.
import { readKind, type ReadHints } from '../core/hcq1/fragment.js';
import type { Verification } from '../core/hcq1/types.js';
import {
  amendedEntry,
  codeEntry,
  decideEntry,
  manualEntry,
  misreadEntry,
  overrideEntry,
  refusedCodeEntry,
  revokedCodeEntry,
  type EntryDecision,
  type ManualDetails,
  type ManualPerson,
} from '../core/entry.js';
import { codeInput, manualInput, revokedCodeInput } from '../core/entry-input.js';
import type { DecisionEntry } from '../core/log.js';
import { situationsThatMatter, withReported, type Reported } from '../core/policy/situations.js';
import type { DecisionInput, Policy } from '../core/policy/types.js';
import type { VenueCategory, Verdict } from '../core/policy/vocabulary.js';
import { err, ok, type Result } from '../core/result.js';
import type { DecisionView, ViewDetails } from './decision-view.js';
import { checkPin, type PinHash } from './pin.js';

/** What the flows read of the checkpoint at the moment they decide, and how they show a decision. */
export interface FlowContext {
  /** Milliseconds since the epoch. */
  now(): number;
  policy(): Policy;
  venue(): VenueCategory;
  venueId(): string;
  /** Whether the trust data is older than `policy` (or its bundle) allows. */
  trustStale(policy: Policy): boolean;
  /** Verifies a code against the trust data held, at `atMs`. */
  verify(text: string, atMs: number): Promise<Verification>;
  /** The decision on screen. */
  current(): DecisionView | null;
  /** Logs `entry`, then shows it with its feedback: log first, so a decision not recorded is shown as such. */
  show(entry: DecisionEntry, details: ViewDetails): Promise<void>;
  /** Logs a misread (`entry`) and asks for the code again: no decision about a person is shown. */
  misread(entry: DecisionEntry): Promise<void>;
}

/** Why an override was refused. */
export type OverrideError = 'no-pin-set' | 'bad-pin' | 'no-reason' | 'nothing-to-override' | 'clock-behind';

// What the screen needs beside a decided entry: the input (to amend it), what staff may still report, the wait.
function decidedDetails(
  policy: Policy,
  input: DecisionInput,
  decided: EntryDecision,
  trustStale: boolean,
): Pick<ViewDetails, 'reasons' | 'trustStale' | 'input' | 'situations' | 'awaitingTemperature'> {
  return {
    reasons: decided.reasons,
    trustStale,
    input,
    // Trust data too old decides nothing by the policy, so nothing staff report could change it.
    situations: trustStale ? [] : situationsThatMatter(policy, input),
    awaitingTemperature: decided.awaitsTemperature,
  };
}

/**
 * A code: verified, then decided by the policy (or refused for stale trust data), logged and shown. A read that
 * was not a whole code (`hints`: how it came in) is a misread: logged as such, and read again. A code revoked
 * with the colour its issuer now gives is decided by that colour (003 §14); without one it is refused.
 */
export async function scanFlow(
  c: FlowContext,
  text: string,
  hints: ReadHints = { typed: false, cut: false },
): Promise<void> {
  const policy = c.policy();
  const atMs = c.now();
  const trustStale = c.trustStale(policy);
  const v = await c.verify(text, atMs);
  const place = { policy, venueId: c.venueId(), atMs };
  if (readKind(text, v, hints) === 'misread') return c.misread(misreadEntry(place));
  if (v.result === 'revoked' && v.status) {
    const status = { colour: v.status.colour, before: v.status.since };
    const input = revokedCodeInput(v.claims, status, c.venue(), atMs);
    const decided = decideEntry(policy, input, trustStale);
    return c.show(revokedCodeEntry(place, v.claims, decided, status.colour), {
      notHealthCode: false,
      proxy: v.claims.proxy === true,
      issuedAt: v.claims.iat,
      ...decidedDetails(policy, input, decided, trustStale),
    });
  }
  if (!('claims' in v) || v.result !== 'ok') {
    const notHealthCode = 'notHealthCode' in v && v.notHealthCode === true;
    const details = {
      notHealthCode,
      proxy: false,
      issuedAt: null,
      reasons: [],
      trustStale,
      input: null,
      situations: [],
      awaitingTemperature: false,
    };
    return c.show(refusedCodeEntry(place, v.result), details);
  }
  const input = codeInput(v.claims, c.venue(), atMs);
  const decided = decideEntry(policy, input, trustStale);
  return c.show(codeEntry(place, v.claims, decided), {
    notHealthCode: false,
    proxy: v.claims.proxy === true,
    issuedAt: v.claims.iat,
    ...decidedDetails(policy, input, decided, trustStale),
  });
}

/** A person entered by hand (sealed by the caller): decided by the policy alone, logged and shown. */
export async function manualFlow(
  c: FlowContext,
  person: ManualPerson,
  details: ManualDetails,
): Promise<void> {
  const policy = c.policy();
  const atMs = c.now();
  const input = manualInput(person, details, c.venue(), atMs);
  // A manual entry does not depend on the trust data's age: no key or revocation is consulted.
  const decided = decideEntry(policy, input, false);
  await c.show(manualEntry({ policy, venueId: c.venueId(), atMs }, details, decided), {
    notHealthCode: false,
    proxy: details.proxy,
    issuedAt: null,
    ...decidedDetails(policy, input, decided, false),
  });
}

/**
 * The decision on screen decided again with what staff report (a temperature, a mask, an emergency, a test
 * shown), logged as an amendment that keeps it; nothing when the policy was not asked.
 */
export async function amendFlow(c: FlowContext, reported: Partial<Reported>): Promise<void> {
  const was = c.current();
  if (!was?.input) return;
  const atMs = c.now();
  const policy = c.policy();
  const input = withReported(was.input, reported, Math.floor(atMs / 1000));
  const decided = decideEntry(policy, input, was.trustStale);
  const entry = amendedEntry(was.entry, was.recordId, atMs, input, decided);
  await c.show(entry, { ...was, ...decidedDetails(policy, input, decided, was.trustStale) });
}

/** The decision on screen, `was`, if a supervisor may override it: with a PIN set, a reason, and that PIN. */
export function overridable(
  was: DecisionView | null,
  stored: PinHash | null,
  reason: string,
  pin: string,
): Result<DecisionView, OverrideError> {
  if (!was) return err('nothing-to-override');
  if (!stored) return err('no-pin-set');
  if (!reason.trim()) return err('no-reason');
  if (!checkPin(pin, stored)) return err('bad-pin');
  return ok(was);
}

/** A supervisor's decision over `was`, logged as an override that amends it, and shown. */
export async function overrideFlow(
  c: FlowContext,
  was: DecisionView,
  decision: Verdict,
  reason: string,
): Promise<void> {
  await c.show(overrideEntry(was.entry, was.recordId, c.now(), decision, reason), {
    ...was,
    reasons: [],
    situations: [],
    awaitingTemperature: false,
  });
}
