// The console's language, remembered in localStorage (the console keeps nothing else on the device).
import type { Language } from '../../store/settings.js';
import { LANGUAGES } from '../../ui/i18n/translate.js';

const KEY = 'checkpoint-console-language';

/** The language remembered in `storage`, else the browser's nearest (zh-TW for Taiwan and Hong Kong). */
export function rememberedLanguage(
  storage: Pick<Storage, 'getItem'> | null,
  browser: readonly string[],
): Language {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(KEY) ?? null;
  } catch {
    // Storage blocked (private mode, policy): the browser's language decides.
  }
  const known = LANGUAGES.find((l) => l.code === saved);
  if (known) return known.code;
  for (const tag of browser) {
    const t = tag.toLowerCase();
    if (/^zh-(tw|hk|mo|hant)/.test(t)) return 'zh-TW';
    if (t.startsWith('zh')) return 'zh-CN';
    if (t.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/** Remembers the language chosen; a storage that refuses loses only the memory of it. */
export function rememberLanguage(storage: Pick<Storage, 'setItem'> | null, language: Language): void {
  try {
    storage?.setItem(KEY, language);
  } catch {
    // Nothing to do: the choice holds for this visit.
  }
}

/** The window's localStorage, or null where reading it is refused (sandboxed frames, some private modes). */
export function deviceStorage(win: Pick<Window, 'localStorage'>): Storage | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}
