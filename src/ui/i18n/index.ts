// Message lookup: the catalogue of the chosen language, with `{name}` placeholders filled in (translate.ts).
import type { Language } from '../../store/settings.js';
import { en, type MessageKey, type Messages } from './en.js';
import { translatorOf, type TranslateOf } from './translate.js';
import { zhCN } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

/** A message key, and a complete catalogue for one language. */
export type { MessageKey, Messages };

export { formatAge, LANGUAGES, translatorOf, type TranslateOf } from './translate.js';

const catalogues: Record<Language, Messages> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

/** Looks up a message of the app and fills its placeholders. */
export type Translate = TranslateOf<MessageKey>;

/** The translate function for one language. */
export function translator(language: Language): Translate {
  return translatorOf(catalogues[language]);
}

/** Whether a string is a key of the catalogue (for ids that come from the policy, such as actions). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
