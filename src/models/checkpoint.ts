// The checkpoint model: a scanned or entered person → verification → policy → log → the decision on screen.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { Ed25519 } from '../core/ed25519.js';
import type { ManualDetails, ManualPerson } from '../core/entry.js';
import { verifyHcq1 } from '../core/hcq1/verify.js';
import type { DecisionEntry } from '../core/log.js';
import type { Policy, Verdict } from '../core/policy/index.js';
import type { Situation } from '../core/policy/situations.js';
import { err, ok, type Result } from '../core/result.js';
import { createSerial } from '../core/serial.js';
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
import { decisionView, type DecisionView } from './decision-view.js';
import { policyInForce, venueInForce, type PolicyOrigin } from './policy-in-force.js';
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
}

/** The checkpoint: the current decision and the ways to make one. */
export interface CheckpointModel {
  current: ReadonlySignal<DecisionView | null>;
  /**
   * A code from the camera, the gun or a paste. Repeats within a few seconds are ignored, and so are
   * camera frames while a decision is on screen (the person may still be holding their phone up).
   */
  scan(text: string, from?: 'camera' | 'gun'): Promise<void>;
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
  let serial = 0;
  // One decision at a time, in arrival order: two gun scans in quick succession are both logged, in order.
  const serially = createSerial();
  const policy = () => policyInForce(deps.settings.value.policy, deps.findPolicy);

  const flow: FlowContext = {
    now,
    policy,
    venue: () => venueInForce(deps.settings.value.category),
    venueId: () => deps.settings.value.venueId,
    trustStale(p) {
      const snap = deps.trust.snapshot.value;
      return isTrustStale(trustAgeSeconds(snap, now()), trustLimitSeconds(snap, p.maxOfflineHours));
    },
    verify: (text, atMs) =>
      verifyHcq1(text, {
        trust: deps.trust.trustSet.value,
        revocations: deps.trust.revocations.value,
        now: Math.floor(atMs / 1000),
        ...(deps.ed25519 ? { ed25519: deps.ed25519 } : {}),
      }),
    current: () => current.value,
    async show(entry, details) {
      const shown = decisionView(entry, await deps.append(entry), details, ++serial);
      current.value = shown;
      // A decision still waiting for a temperature is no decision yet: no admit or deny sound.
      if (!shown.awaitingTemperature) deps.feedback(shown.decision);
    },
  };

  return {
    current,
    policy,
    scan(text, from = 'gun') {
      if (!repeat.accept(text)) return Promise.resolve();
      if (from === 'camera' && current.value) return Promise.resolve();
      return serially(() => scanFlow(flow, text));
    },
    decideManual: (person, details) => serially(() => manualFlow(flow, person, details)),
    policyOrigin() {
      if (!deps.findPolicy?.(deps.settings.value.policy)) return { kind: 'shipped' };
      return { kind: 'bundle', bundleVersion: deps.trust.snapshot.value?.version ?? null };
    },
    amendTemperature: (celsius) => serially(() => amendFlow(flow, { temperature: celsius })),
    reportSituation: (situation, present) => serially(() => amendFlow(flow, { [situation]: present })),
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
      await serially(() => overrideFlow(flow, was.value, decision, reason));
      return ok(undefined);
    },
    dismiss() {
      // The repeat filter is not reset: a phone still held up after "next" must not be logged twice.
      current.value = null;
    },
  };
}
