// The settings model: the venue's settings as a signal, saved on every change. What changes decisions (the venue
// category, the policy, temperature entry, the PIN itself) changes only with the supervisor PIN.
import { signal, type ReadonlySignal } from '@preact/signals';
import { err, ok, type Result } from '../core/result.js';
import type { Settings } from '../store/settings.js';
import { hashPin, isPinFormat, supervisorPin, type PinError } from './pin.js';

/** Settings anyone at the device may change: how it looks and sounds, who is on shift; not what it decides. */
export const OPEN_SETTINGS = [
  'venueName',
  'language',
  'sound',
  'vibration',
  'gateMode',
  'gateSeconds',
  'cameraId',
  'staff',
] as const;

/** Settings that change decisions: only with the supervisor PIN (once enrolled, the server sets the venue's). */
export const GUARDED_SETTINGS = ['category', 'policy', 'temperatureEntry'] as const;

/** The venue as a verified bundle names it. */
export const SERVER_SETTINGS = ['venueId', 'venueName', 'category', 'policy'] as const;

/** Changes to settings anyone may make. */
export type OpenPatch = Partial<Pick<Settings, (typeof OPEN_SETTINGS)[number]>>;
/** Changes to settings that change decisions. */
export type GuardedPatch = Partial<Pick<Settings, (typeof GUARDED_SETTINGS)[number]>>;
/** The venue's settings from a verified bundle. */
export type ServerPatch = Partial<Pick<Settings, (typeof SERVER_SETTINGS)[number]>>;

/** Why a new PIN was not set: the current one is missing or wrong, or the new one is not 4 to 8 digits. */
export type NewPinError = 'bad-pin' | 'pin-format';

/** Settings as the app reads and changes them. */
export interface SettingsModel {
  settings: ReadonlySignal<Settings>;
  /** Changes settings anyone may change; resolves once saved. Any other field in `patch` is left alone. */
  update(patch: OpenPatch): Promise<void>;
  /** Changes settings that change decisions, if `pin` is the supervisor PIN; resolves once saved. */
  updateGuarded(patch: GuardedPatch, pin: string): Promise<Result<void, PinError>>;
  /** Whether `pin` is the supervisor PIN (for what else it unlocks: trust files). */
  checkSupervisor(pin: string): Result<void, PinError>;
  /** Sets the supervisor PIN to `next`; once a PIN is set, only with the `current` one. */
  setPin(next: string, current: string): Promise<Result<void, NewPinError>>;
  /** The venue as a verified bundle names it (enrolment and sync call this). */
  fromServer(patch: ServerPatch): Promise<void>;
}

function pick<K extends keyof Settings>(patch: Partial<Settings>, keys: readonly K[]): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const k of keys) if (k in patch) Object.assign(out, { [k]: patch[k] });
  return out;
}

/** A settings model starting from `initial` that saves with `save`. */
export function createSettingsModel(initial: Settings, save: (s: Settings) => Promise<void>): SettingsModel {
  const settings = signal(initial);
  const apply = async (patch: Partial<Settings>) => {
    const next = { ...settings.value, ...patch };
    settings.value = next;
    await save(next);
  };
  const checkSupervisor = (pin: string) => supervisorPin(pin, settings.value.supervisorPin);
  return {
    settings,
    update: (patch) => apply(pick(patch, OPEN_SETTINGS)),
    async updateGuarded(patch, pin) {
      const allowed = checkSupervisor(pin);
      if (!allowed.ok) return allowed;
      await apply(pick(patch, GUARDED_SETTINGS));
      return ok(undefined);
    },
    checkSupervisor,
    async setPin(next, current) {
      if (settings.value.supervisorPin && !checkSupervisor(current).ok) return err('bad-pin');
      if (!isPinFormat(next)) return err('pin-format');
      await apply({ supervisorPin: hashPin(next) });
      return ok(undefined);
    },
    fromServer: (patch) => apply(pick(patch, SERVER_SETTINGS)),
  };
}
