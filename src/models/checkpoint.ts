// The checkpoint model: a scanned or entered person → verification → policy → log → the decision on screen.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { ClockBehind } from '../core/clock-floor.js';
import type { Ed25519 } from '../core/ed25519.js';
import { withStaff, type ManualDetails, type ManualPerson } from '../core/entry.js';
import { verifyHcq1 } from '../core/hcq1/verify.js';
import type { DecisionEntry } from '../core/log.js';
import type { Policy, Verdict } from '../core/policy/index.js';
import type { Situation } from '../core/policy/situations.js';
import { err, ok, type Result } from '../core/result.js';
import { createSerial } from '../core/serial.js';
import { RevocationSet } from '../core/revocations.js';
import { isTrustStale } from '../core/trust-age.js';
import { createRepeatFilter, DEFAULT_REPEAT_MS } from '../scanner/dedup.js';
import type { StoredRecord } from '../store/db.js';
import type { LogWriteError } from '../store/log.js';
import type { Settings } from '../store/settings.js';
import {
  amendFlow,
  manualFlow,
  overridable,
  overrideFlow,
  scanFlow,
  type FlowContext,
  type OverrideError,
} from './checkpoint-flows.js';
import type { ClockGuard } from './clock-guard.js';
import { decisionView, type DecisionView } from './decision-view.js';
import { policyInForce, venueInForce, venueNames, type PolicyOrigin } from './policy-in-force.js';
import { sampledAtFromClock } from './test-time.js';
import type { TrustModel } from './trust.js';
import { trustAgeSeconds, trustLimitSeconds } from './trust-age.js';

// The screens take the model's types from the model.
export type { DecisionView } from './decision-view.js';
export type { OverrideError } from './checkpoint-flows.js';
export type { PolicyOrigin } from './policy-in-force.js';

/** What the model needs from the rest of the app. */
export interface CheckpointDeps {
  settings: ReadonlySignal<Settings>;
  trust: TrustModel;
  append(entry: DecisionEntry): Promise<Result<StoredRecord, LogWriteError>>;
  /** Plays the admit or deny sound and vibration. */
  feedback(decision: Verdict): void;
  /** Milliseconds since the epoch. */
  now?: () => number;
  ed25519?: Ed25519;
  /** Finds a policy by name, e.g. among those a signed bundle delivered; the shipped policies otherwise. */
  findPolicy?: (name: string) => Policy | undefined;
  /** Refuses to decide by a clock set back (src/models/clock-guard.ts); without it every reading is taken. */
  clock?: ClockGuard;
}

/** What the checkpoint says besides a decision: read the code again (a misread), or the clock is set back. */
export type Notice =
  { kind: 'misread'; serial: number } | ({ kind: 'clock-behind'; serial: number } & ClockBehind);

/** The checkpoint: the current decision and the ways to make one. */
export interface CheckpointModel {
  current: ReadonlySignal<DecisionView | null>;
  /** A misread or a clock set back, until the next scan or `dismissNotice`; never a decision about a person. */
  notice: ReadonlySignal<Notice | null>;
  /**
   * A code from the camera, the gun or a paste. Repeats within a few seconds are ignored, and so are
   * camera frames while a decision is on screen (the person may still be holding their phone up). `cut`: the
   * gun stalled inside the read or lost its beginning (src/scanner/scanner-gun.ts).
   */
  scan(text: string, from?: 'camera' | 'gun', cut?: boolean): Promise<void>;
  /** Decides a manually entered person (the caller seals their data first). */
  decideManual(person: ManualPerson, details: ManualDetails): Promise<void>;
  /** Amends the current decision with a measured temperature (a fever turns it to deny). */
  amendTemperature(celsius: number): Promise<void>;
  /** Amends the current decision with a mask worn or a medical emergency, or takes that back. */
  reportSituation(situation: Exclude<Situation, 'test'>, present: boolean): Promise<void>;
  /**
   * Amends the current decision with a negative test shown on paper or an app, sampled at `clock` (HH:MM, the
   * last such time up to now), or takes it back (null); a time that is no HH:MM is refused.
   */
  reportTest(clock: string | null): Promise<Result<void, 'bad-time'>>;
  /** A supervisor's decision over the policy's, logged as an override. */
  override(decision: Verdict, reason: string, pin: string): Promise<Result<void, OverrideError>>;
  /** Back to scanning. */
  dismiss(): void;
  dismissNotice(): void;
  /** Whether the clock's reading `nowMs` may be decided by (not set back below its floor). */
  clockCheck(nowMs: number): Result<void, ClockBehind>;
  /** The policy in force: the venue's as its signed bundle delivered it, else the shipped one Settings names. */
  policy(): Policy;
  /** Where the policy in force came from (shown in Settings). */
  policyOrigin(): PolicyOrigin;
}

/** Creates the checkpoint model. */
export function createCheckpoint(deps: CheckpointDeps): CheckpointModel {
  const now = deps.now ?? Date.now;
  // The app's one repeat filter: camera, gun and paste all come through `scan`, so a code is one scan however
  // many frames see it and whichever way it came in.
  const repeat = createRepeatFilter(DEFAULT_REPEAT_MS, now);
  const current = signal<DecisionView | null>(null);
  const notice = signal<Notice | null>(null);
  let serial = 0;
  // One decision at a time, in arrival order: two gun scans in quick succession are both logged, in order.
  const serially = createSerial();
  const venue = () => venueNames(deps.trust.snapshot.value, deps.settings.value);
  const policy = () => policyInForce(venue().policy, deps.findPolicy);
  const clockCheck = (nowMs: number): Result<void, ClockBehind> => deps.clock?.check(nowMs) ?? ok(undefined);
  // Nothing is decided by a clock set back: it says so instead, and the person waits for the clock to be set.
  const clockAllows = (): boolean => {
    const c = clockCheck(now());
    if (!c.ok) notice.value = { kind: 'clock-behind', serial: ++serial, ...c.error };
    return c.ok;
  };
  // Every record carries who was on shift, and moves the clock's floor to its time.
  const log = (entry: DecisionEntry) => {
    const stamped = withStaff(entry, deps.settings.value.staff);
    deps.clock?.passed(Date.parse(stamped.at));
    return { stamped, logged: deps.append(stamped) };
  };

  const flow: FlowContext = {
    now,
    policy,
    venue: () => venueInForce(venue().category),
    venueId: () => venue().id,
    trustStale(p) {
      const snap = deps.trust.snapshot.value;
      // Revocations that cannot be read are no better than none: the trust data must be refreshed.
      if (!deps.trust.revocations.value) return true;
      return isTrustStale(trustAgeSeconds(snap, now()), trustLimitSeconds(snap, p.maxOfflineHours));
    },
    verify: (text, atMs) =>
      verifyHcq1(text, {
        trust: deps.trust.trustSet.value,
        // Without readable revocations trustStale refused the decision already; the code is still read.
        revocations: deps.trust.revocations.value ?? new RevocationSet(),
        now: Math.floor(atMs / 1000),
        ...(deps.ed25519 ? { ed25519: deps.ed25519 } : {}),
      }),
    current: () => current.value,
    async show(entry, details) {
      const { stamped, logged } = log(entry);
      const shown = decisionView(stamped, await logged, details, ++serial);
      current.value = shown;
      // A decision still waiting for a temperature is no decision yet: no admit or deny sound.
      if (!shown.awaitingTemperature) deps.feedback(shown.decision);
    },
    async misread(entry) {
      // Logged as a misread, whether or not the write succeeds: nobody is admitted or refused on it.
      await log(entry).logged;
      notice.value = { kind: 'misread', serial: ++serial };
    },
  };

  return {
    current,
    notice,
    policy,
    clockCheck,
    scan(text, from = 'gun', cut = false) {
      if (!repeat.accept(text)) return Promise.resolve();
      if (from === 'camera' && current.value) return Promise.resolve();
      notice.value = null;
      const hints = { typed: from === 'gun', cut };
      return serially(async () => (clockAllows() ? scanFlow(flow, text, hints) : undefined));
    },
    decideManual: (person, details) =>
      serially(async () => (clockAllows() ? manualFlow(flow, person, details) : undefined)),
    policyOrigin() {
      if (!deps.findPolicy?.(deps.settings.value.policy)) return { kind: 'shipped' };
      return { kind: 'bundle', bundleVersion: deps.trust.snapshot.value?.version ?? null };
    },
    amendTemperature: (celsius) =>
      serially(async () => (clockAllows() ? amendFlow(flow, { temperature: celsius }) : undefined)),
    reportSituation: (situation, present) =>
      serially(async () => (clockAllows() ? amendFlow(flow, { [situation]: present }) : undefined)),
    async reportTest(clock) {
      if (clock === null) {
        await serially(() => amendFlow(flow, { paperTest: undefined }));
        return ok(undefined);
      }
      const sampledAt = sampledAtFromClock(clock, now());
      if (sampledAt === null) return err('bad-time');
      await serially(() => amendFlow(flow, { paperTest: { result: 'negative', sampledAt } }));
      return ok(undefined);
    },
    async override(decision, reason, pin) {
      const was = overridable(current.value, deps.settings.value.supervisorPin, reason, pin);
      if (!was.ok) return err(was.error);
      if (!clockAllows()) return err('clock-behind');
      await serially(() => overrideFlow(flow, was.value, decision, reason));
      return ok(undefined);
    },
    dismiss() {
      // The repeat filter is not reset: a phone still held up after "next" must not be logged twice.
      current.value = null;
    },
    dismissNotice() {
      notice.value = null;
    },
  };
}
