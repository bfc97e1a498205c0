// The checkpoint model: a scanned or entered person → verification → policy → log → the decision on screen.
import { signal, type ReadonlySignal } from '@preact/signals';
import { verifyHcq1 } from '../core/hcq1/verify.js';
import type { Colour, VerifyResult } from '../core/hcq1/types.js';
import type { Ed25519 } from '../core/ed25519.js';
import { toHex } from '../core/bytes.js';
import type { DecisionEntry, Override } from '../core/log.js';
import { err, ok, type Result } from '../core/result.js';
import {
  decide,
  findPolicy,
  isVenueCategory,
  type DecisionInput,
  type Policy,
  type Reason,
} from '../core/policy/index.js';
import { zhejiang2020 } from '../core/policy/policies/zhejiang-2020.js';
import { createRepeatFilter, DEFAULT_REPEAT_MS } from '../scanner/dedup.js';
import type { StoredRecord } from '../store/db.js';
import type { LogWriteError } from '../store/log.js';
import type { Settings } from '../store/settings.js';
import { checkPin } from './pin.js';
import type { TrustModel } from './trust.js';
import { trustAgeSeconds, trustLimitSeconds } from './trust-age.js';

/** What the decision screen shows: the logged entry plus what staff need to read it. */
export interface DecisionView {
  /** Increases with every decision shown, so the screen can tell a new decision from an amended one. */
  serial: number;
  entry: DecisionEntry;
  /** The decision on screen: the entry's, except that an unrecorded decision is never an admit. */
  decision: 'admit' | 'deny';
  /** The text was readable but is no health code at all (e.g. a payment QR). */
  notHealthCode: boolean;
  proxy: boolean;
  /** When the code was made (seconds), for its age on screen. */
  issuedAt: number | null;
  reasons: Reason[];
  trustStale: boolean;
  logError: LogWriteError | null;
  recordId: string | null;
  /** The engine's input, kept so a temperature can amend the decision; null when the engine was not asked. */
  input: DecisionInput | null;
}

/** What the model needs from the rest of the app. */
export interface CheckpointDeps {
  settings: ReadonlySignal<Settings>;
  trust: TrustModel;
  append(entry: DecisionEntry): Promise<Result<StoredRecord, LogWriteError>>;
  /** Plays the admit or deny sound and vibration. */
  feedback(decision: 'admit' | 'deny'): void;
  /** Milliseconds since the epoch. */
  now?: () => number;
  ed25519?: Ed25519;
  /** Finds a policy by name, e.g. among those a signed bundle delivered; the shipped policies otherwise. */
  findPolicy?: (name: string) => Policy | undefined;
}

/** Why an override was refused. */
export type OverrideError = 'no-pin-set' | 'bad-pin' | 'no-reason' | 'nothing-to-override';

/** The checkpoint: the current decision and the ways to make one. */
export interface CheckpointModel {
  current: ReadonlySignal<DecisionView | null>;
  /**
   * A code from the camera, the gun or a paste. Repeats within a few seconds are ignored, and so are
   * camera frames while a decision is on screen (the person may still be holding their phone up).
   */
  scan(text: string, from?: 'camera' | 'gun'): Promise<void>;
  /** Decides a manually entered person (the caller seals their data first). */
  decideManual(
    person: Extract<DecisionInput['person'], { kind: 'manual' }>,
    details: {
      maskedName: string;
      idLast4: string;
      sealed: string;
      temperature: number | null;
      mask: boolean;
      /** A family member declared for the person (代他人填报). */
      proxy: boolean;
    },
  ): Promise<void>;
  /** Amends the current decision with a measured temperature (a fever turns it to deny). */
  amendTemperature(celsius: number): Promise<void>;
  /** A supervisor's decision over the engine's, logged as an override. */
  override(decision: 'admit' | 'deny', reason: string, pin: string): Promise<Result<void, OverrideError>>;
  /** Back to scanning. */
  dismiss(): void;
  /** The policy in force (from Settings). */
  policy(): Policy;
}

const VERIFY_ACTIONS: Partial<Record<VerifyResult, string[]>> = {
  'bad-signature': ['verify-identity'],
  'issuer-mismatch': ['verify-identity'],
  expired: ['re-register'],
  'not-yet-valid': ['re-register'],
  revoked: ['re-register'],
};

/** Creates the checkpoint model. */
export function createCheckpoint(deps: CheckpointDeps): CheckpointModel {
  const now = deps.now ?? Date.now;
  // The app's one repeat filter: camera, gun and paste all come through `scan`, so a code is one scan however
  // many frames see it and whichever way it came in.
  const repeat = createRepeatFilter(DEFAULT_REPEAT_MS, now);
  const current = signal<DecisionView | null>(null);
  let serial = 0;
  // One decision at a time, in arrival order: two gun scans in quick succession are both logged, in order.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const policy = (): Policy => {
    const name = deps.settings.value.policy;
    const delivered = deps.findPolicy?.(name);
    if (delivered) return delivered;
    const shipped = findPolicy(name);
    // Settings only offers known policies; a name from an older version falls back to the default.
    return shipped.ok ? shipped.value : zhejiang2020;
  };
  const venue = () => {
    const c = deps.settings.value.category;
    return isVenueCategory(c) ? c : 'office';
  };
  const trustStale = (p: Policy) => {
    const snap = deps.trust.snapshot.value;
    const age = trustAgeSeconds(snap, now());
    return Number.isFinite(age) && age > trustLimitSeconds(snap, p.maxOfflineHours);
  };
  const baseEntry = (
    p: Policy,
    at: number,
  ): Omit<DecisionEntry, 'source' | 'result' | 'decision' | 'actions' | 'rules'> => ({
    at: new Date(at).toISOString(),
    venueId: deps.settings.value.venueId,
    policy: p.name,
    policyVersion: p.version,
    colour: null,
    iss: null,
    subject: null,
    maskedName: null,
    idLast4: null,
    temperature: null,
    override: null,
    sealed: null,
  });

  // The log write comes first: a decision that is not recorded is shown as such, and never as an admit.
  const settle = async (
    entry: DecisionEntry,
    view: Omit<DecisionView, 'serial' | 'entry' | 'decision' | 'logError' | 'recordId'>,
  ) => {
    const logged = await deps.append(entry);
    const shown: DecisionView = {
      ...view,
      serial: ++serial,
      entry,
      decision: logged.ok ? entry.decision : 'deny',
      logError: logged.ok ? null : logged.error,
      recordId: logged.ok ? logged.value.id : null,
    };
    current.value = shown;
    deps.feedback(shown.decision);
  };

  const engineDecision = (p: Policy, input: DecisionInput, stale: boolean) => {
    if (stale)
      return {
        decision: 'deny' as const,
        actions: ['update-trust'],
        rules: ['trust-data-too-old'],
        reasons: [] as Reason[],
        colour: undefined,
      };
    const d = decide(p, input);
    return {
      decision: d.decision,
      actions: [...d.actions],
      rules: d.reasons.map((r) => r.rule),
      reasons: d.reasons,
      colour: d.colour,
    };
  };

  const scanNow = async (text: string) => {
    const p = policy();
    const at = now();
    const stale = trustStale(p);
    const v = await verifyHcq1(text, {
      trust: deps.trust.trustSet.value,
      revocations: deps.trust.revocations.value,
      now: Math.floor(at / 1000),
      ...(deps.ed25519 ? { ed25519: deps.ed25519 } : {}),
    });
    const base = baseEntry(p, at);
    if (!('claims' in v) || v.result !== 'ok') {
      // Claims of a code that failed verification are never shown, logged or used (spec §3).
      await settle(
        {
          ...base,
          source: 'scan',
          result: v.result,
          decision: 'deny',
          actions: VERIFY_ACTIONS[v.result] ?? [],
          rules: [`hcq1:${v.result}`],
        },
        {
          notHealthCode: 'notHealthCode' in v && v.notHealthCode === true,
          proxy: false,
          issuedAt: null,
          reasons: [],
          trustStale: stale,
          input: null,
        },
      );
      return;
    }
    const c = v.claims;
    const input: DecisionInput = {
      person: {
        kind: 'code',
        colour: c.colour,
        colourSince: c.colourSince,
        ...(c.test ? { test: c.test } : {}),
        ...(c.proxy ? { proxy: true } : {}),
      },
      venue: venue(),
      at: Math.floor(at / 1000),
    };
    const d = engineDecision(p, input, stale);
    await settle(
      {
        ...base,
        source: 'scan',
        result: 'ok',
        colour: c.colour,
        decision: d.decision,
        actions: d.actions,
        rules: d.rules,
        iss: c.iss,
        subject: toHex(c.subject),
        maskedName: c.name,
        idLast4: c.idLast4,
      },
      {
        notHealthCode: false,
        proxy: c.proxy === true,
        issuedAt: c.iat,
        reasons: d.reasons,
        trustStale: stale,
        input,
      },
    );
  };

  return {
    current,
    policy,
    scan(text, from = 'gun') {
      if (!repeat.accept(text)) return Promise.resolve();
      if (from === 'camera' && current.value) return Promise.resolve();
      return serially(() => scanNow(text));
    },
    decideManual(person, details) {
      return serially(async () => {
        const p = policy();
        const at = now();
        const input: DecisionInput = {
          person,
          venue: venue(),
          mask: details.mask,
          at: Math.floor(at / 1000),
          ...(details.temperature !== null ? { temperature: details.temperature } : {}),
        };
        // A manual entry is decided by the engine alone: it does not depend on the trust data's age.
        const d = engineDecision(p, input, false);
        await settle(
          {
            ...baseEntry(p, at),
            source: 'manual',
            result: 'manual',
            colour: (d.colour ?? null) as Colour | null,
            decision: d.decision,
            actions: d.actions,
            rules: d.rules,
            maskedName: details.maskedName,
            idLast4: details.idLast4,
            temperature: details.temperature,
            sealed: details.sealed,
          },
          {
            notHealthCode: false,
            proxy: details.proxy,
            issuedAt: null,
            reasons: d.reasons,
            trustStale: false,
            input,
          },
        );
      });
    },
    amendTemperature(celsius) {
      return serially(async () => {
        const was = current.value;
        if (!was?.input) return;
        const p = policy();
        const at = now();
        const input = { ...was.input, temperature: celsius, at: Math.floor(at / 1000) };
        const d = engineDecision(p, input, was.trustStale);
        const entry: DecisionEntry = {
          ...was.entry,
          at: new Date(at).toISOString(),
          decision: d.decision,
          actions: d.actions,
          rules: d.rules,
          temperature: celsius,
          ...(was.recordId ? { amends: was.recordId } : {}),
        };
        await settle(entry, { ...was, reasons: d.reasons, input });
      });
    },
    async override(decision, reason, pin) {
      const was = current.value;
      if (!was) return err('nothing-to-override');
      const stored = deps.settings.value.supervisorPin;
      if (!stored) return err('no-pin-set');
      if (!reason.trim()) return err('no-reason');
      if (!checkPin(pin, stored)) return err('bad-pin');
      const over: Override = {
        decision,
        engineDecision: was.entry.override?.engineDecision ?? was.entry.decision,
        reason: reason.trim(),
      };
      await serially(() =>
        settle(
          {
            ...was.entry,
            at: new Date(now()).toISOString(),
            decision,
            // An admitted person is not to be held or reported: the deny's instructions no longer apply.
            actions: decision === 'admit' ? [] : was.entry.actions,
            override: over,
            ...(was.recordId ? { amends: was.recordId } : {}),
          },
          { ...was, reasons: [] },
        ),
      );
      return ok(undefined);
    },
    dismiss() {
      // The repeat filter is not reset: a phone still held up after "next" must not be logged twice.
      current.value = null;
    },
  };
}
