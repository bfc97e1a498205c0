// Message lookup: the catalogue of the chosen language, with `{name}` placeholders filled in.
import type { Language } from '../../store/settings.js';
import { en, type MessageKey, type Messages } from './en.js';
import { zhCN } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

/** A message key, and a complete catalogue for one language. */
export type { MessageKey, Messages };

/** Every language the interface speaks, with its own name for the language picker. */
export const LANGUAGES: readonly { code: Language; name: string }[] = [
  { code: 'zh-CN', name: '简体中文' },
  { code: 'zh-TW', name: '繁體中文' },
  { code: 'en', name: 'English' },
];

const catalogues: Record<Language, Messages> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

/** Looks up a message and fills its placeholders. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The translate function for one language. */
export function translator(language: Language): Translate {
  const messages = catalogues[language];
  return (key, params) => {
    const text = messages[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}

/** Whether a string is a key of the catalogue (for ids that come from the policy, such as actions). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** A duration in seconds in the language's own short words (minutes, hours or days). */
export function formatAge(seconds: number, t: Translate): string {
  const s = Math.max(0, seconds);
  if (s < 60) return t('age.justNow');
  if (s < 3600) return t('age.minutes', { n: Math.floor(s / 60) });
  if (s < 48 * 3600) return t('age.hours', { n: Math.floor(s / 3600) });
  return t('age.days', { n: Math.floor(s / 86400) });
}
