// The decision on screen: the logged entry and what staff need to read it; a decision not recorded never admits.
import type { DecisionEntry } from '../core/log.js';
import type { DecisionInput, Reason, Verdict } from '../core/policy/index.js';
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
export type ViewDetails = Omit<DecisionView, 'serial' | 'entry' | 'decision' | 'logError' | 'recordId'>;

/** The view of `entry` once its log write `logged` is done: as decided if recorded, else a deny saying why. */
export function decisionView(
  entry: DecisionEntry,
  logged: Result<StoredRecord, LogWriteError>,
  details: ViewDetails,
  serial: number,
): DecisionView {
  return {
    ...details,
    serial,
    entry,
    decision: logged.ok ? entry.decision : 'deny',
    logError: logged.ok ? null : logged.error,
    recordId: logged.ok ? logged.value.id : null,
  };
}
