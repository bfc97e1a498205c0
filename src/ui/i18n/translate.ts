// The translate mechanism, apart from any catalogue: the languages, placeholder filling, and ages in words (the
// words too, which the app's catalogues (index.ts) and the console's (src/console/i18n) both take from here).
import type { Language } from '../../store/settings.js';

/** Every language the interface speaks, with its own name for the language picker. */
export const LANGUAGES: readonly { code: Language; name: string }[] = [
  { code: 'zh-CN', name: '简体中文' },
  { code: 'zh-TW', name: '繁體中文' },
  { code: 'en', name: 'English' },
];

/** Looks up a message of a catalogue with keys `K` and fills its placeholders. */
export type TranslateOf<K extends string> = (key: K, params?: Record<string, string | number>) => string;

/** The translate function over one catalogue (the app's, or another page's such as the console's). */
export function translatorOf<K extends string>(messages: Record<K, string>): TranslateOf<K> {
  return (key, params) => {
    const text = messages[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}

/** The message keys of an age in words. */
export type AgeKey = 'age.justNow' | 'age.minutes' | 'age.hours' | 'age.days';

/** The words of an age in each language: one source for every catalogue that `formatAge` reads. */
export const AGE_WORDS: Readonly<Record<Language, Readonly<Record<AgeKey, string>>>> = {
  'zh-CN': {
    'age.minutes': '{n} 分钟',
    'age.hours': '{n} 小时',
    'age.days': '{n} 天',
    'age.justNow': '不到 1 分钟',
  },
  'zh-TW': {
    'age.minutes': '{n} 分鐘',
    'age.hours': '{n} 小時',
    'age.days': '{n} 天',
    'age.justNow': '不到 1 分鐘',
  },
  en: {
    'age.minutes': '{n} min',
    'age.hours': '{n} h',
    'age.days': '{n} d',
    'age.justNow': 'under a minute',
  },
};

/** A duration in seconds in the language's own short words (minutes, hours or days). */
export function formatAge(seconds: number, t: TranslateOf<AgeKey>): string {
  const s = Math.max(0, seconds);
  if (s < 60) return t('age.justNow');
  if (s < 3600) return t('age.minutes', { n: Math.floor(s / 60) });
  if (s < 48 * 3600) return t('age.hours', { n: Math.floor(s / 3600) });
  return t('age.days', { n: Math.floor(s / 86400) });
}
