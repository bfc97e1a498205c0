// The decision on screen: the logged entry and what staff need to read it; a decision not recorded never admits.
import type { DecisionEntry } from '../core/log.js';
import { outcomeOf } from '../core/policy/evaluate.js';
import type { Situation } from '../core/policy/situations.js';
import type { DecisionInput, Outcome, Reason } from '../core/policy/types.js';
import type { Verdict } from '../core/policy/vocabulary.js';
import type { Result } from '../core/result.js';
import type { StoredRecord } from '../store/db.js';
import type { LogWriteError } from '../store/log.js';

/** What the decision screen shows: the logged entry plus what staff need to read it. */
export interface DecisionView {
  /** Increases with every decision shown, so the screen can tell a new decision from an amended one. */
  serial: number;
  entry: DecisionEntry;
  /** The decision on screen: the entry's, except that an unrecorded decision is never an admit. */
  decision: Verdict;
  /** How the door carries it out: an admission for care, escorted, is not a plain admit (never shown as one). */
  outcome: Outcome;
  /** What staff may report that would change this decision under the policy (one tap each). */
  situations: Situation[];
  /** No decision yet: the policy admits only with a normal temperature, and none was taken. */
  awaitingTemperature: boolean;
  /** The text was readable but is no health code at all (e.g. a payment QR). */
  notHealthCode: boolean;
  proxy: boolean;
  /** When the code was made (seconds), for its age on screen. */
  issuedAt: number | null;
  reasons: Reason[];
  trustStale: boolean;
  logError: LogWriteError | null;
  recordId: string | null;
  /** The policy's input, kept so a temperature can amend the decision; null when the policy was not asked. */
  input: DecisionInput | null;
}

/** What a decision's flow tells the screen beside the entry; the rest comes from the log write. */
export type ViewDetails = Omit<
  DecisionView,
  'serial' | 'entry' | 'decision' | 'outcome' | 'logError' | 'recordId'
>;

/** The view of `entry` once its log write `logged` is done: as decided if recorded, else a deny saying why. */
export function decisionView(
  entry: DecisionEntry,
  logged: Result<StoredRecord, LogWriteError>,
  details: ViewDetails,
  serial: number,
): DecisionView {
  const decision = logged.ok ? entry.decision : 'deny';
  return {
    ...details,
    serial,
    entry,
    decision,
    outcome: outcomeOf(decision, entry.actions),
    logError: logged.ok ? null : logged.error,
    recordId: logged.ok ? logged.value.id : null,
  };
}
