// The venue's settings on this device, kept with idb-keyval (one small key-value store, not the log database).
import { createStore, get, set, type UseStore } from 'idb-keyval';

/** The interface languages, each with its own message catalogue. */
export type Language = 'zh-CN' | 'zh-TW' | 'en';

/** Everything a venue sets on its checkpoint device. */
export interface Settings {
  venueId: string;
  venueName: string;
  /** The venue category the policy's rules are written for (e.g. museum, office, medical). */
  category: string;
  /** The policy's name (e.g. zhejiang-2020). */
  policy: string;
  language: Language;
  sound: boolean;
  vibration: boolean;
  /** Gate mode: the decision screen returns to scanning by itself after `gateSeconds`. */
  gateMode: boolean;
  gateSeconds: number;
  /** The camera chosen in Settings, or null for the default rear camera. */
  cameraId: string | null;
  /** Whether staff enter a temperature on the decision screen. */
  temperatureEntry: boolean;
  /** PBKDF2 of the supervisor PIN with its salt (hex), or null while no PIN has been set. */
  supervisorPin: { salt: string; hash: string } | null;
  /** Who is on shift at this device (a name or staff number), written on every record; '' until someone says. */
  staff: string;
}

/** Settings of a device nobody has configured yet. */
export const DEFAULT_SETTINGS: Settings = {
  venueId: 'local',
  venueName: '',
  category: 'office',
  policy: 'zhejiang-2020',
  language: 'zh-CN',
  sound: true,
  vibration: true,
  gateMode: false,
  gateSeconds: 3,
  cameraId: null,
  temperatureEntry: false,
  supervisorPin: null,
  staff: '',
};

const KEY = 'settings';
let shared: UseStore | null = null;

/** The app's settings store, opened on first use. */
export function settingsStore(): UseStore {
  shared ??= createStore('checkpoint-settings', 'kv');
  return shared;
}

/** The saved settings over the defaults (a newer app version may add fields an older save lacks). */
export async function loadSettings(store: UseStore = settingsStore()): Promise<Settings> {
  const saved = await get<Partial<Settings>>(KEY, store);
  return { ...DEFAULT_SETTINGS, ...saved };
}

/** Saves the whole settings object. */
export async function saveSettings(settings: Settings, store: UseStore = settingsStore()): Promise<void> {
  await set(KEY, settings, store);
}
