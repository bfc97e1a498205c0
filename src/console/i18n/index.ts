// The console's messages in the chosen language, through the app's one translate mechanism (src/ui/i18n).
import type { Language } from '../../store/settings.js';
import { translatorOf, type TranslateOf } from '../../ui/i18n/translate.js';
import { en, type ConsoleMessages } from './en.js';
import { zhCN } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

/** A complete console catalogue. */
export type { ConsoleMessages };

/** A console message key. */
export type ConsoleKey = keyof ConsoleMessages;

/** Looks up a console message and fills its placeholders. */
export type ConsoleTranslate = TranslateOf<ConsoleKey>;

/** Every console catalogue, by language. */
export const CONSOLE_CATALOGUES: Readonly<Record<Language, ConsoleMessages>> = {
  'zh-CN': zhCN,
  'zh-TW': zhTW,
  en,
};

/** The console's translate function for one language. */
export function consoleTranslator(language: Language): ConsoleTranslate {
  return translatorOf(CONSOLE_CATALOGUES[language]);
}
