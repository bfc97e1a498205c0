// The settings model: the venue's settings as a signal, saved on every change.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { Settings } from '../store/settings.js';

/** Settings as the app reads and changes them. */
export interface SettingsModel {
  settings: ReadonlySignal<Settings>;
  /** Changes some settings; resolves once saved. */
  update(patch: Partial<Settings>): Promise<void>;
}

/** A settings model starting from `initial` that saves with `save`. */
export function createSettingsModel(initial: Settings, save: (s: Settings) => Promise<void>): SettingsModel {
  const settings = signal(initial);
  return {
    settings,
    async update(patch) {
      const next = { ...settings.value, ...patch };
      settings.value = next;
      await save(next);
    },
  };
}
