// The console's language: the one remembered on this device, else the browser's nearest, else zh-CN; a
// storage that refuses only loses the memory.
import { describe, expect, it } from 'vitest';
import { rememberedLanguage, rememberLanguage } from '../../../src/console/platform/remember.js';

function store(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('console language', () => {
  it.each([
    [['en-GB'], 'en'],
    [['zh-HK', 'en'], 'zh-TW'],
    [['zh-Hant-TW'], 'zh-TW'],
    [['zh'], 'zh-CN'],
    [['fr-FR', 'en-US'], 'en'],
    [['fr-FR'], 'zh-CN'],
  ] as const)('browser %j gives %s', (browser, language) => {
    expect(rememberedLanguage(store(), browser)).toBe(language);
  });

  it('remembers the choice over the browser language', () => {
    const s = store();
    rememberLanguage(s, 'zh-TW');
    expect(rememberedLanguage(s, ['en'])).toBe('zh-TW');
  });

  it('ignores a remembered value it does not speak, and a storage that throws', () => {
    expect(rememberedLanguage(store({ 'checkpoint-console-language': 'fr' }), ['en'])).toBe('en');
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(rememberedLanguage(broken, ['en'])).toBe('en');
    expect(() => rememberLanguage(broken, 'en')).not.toThrow();
  });
});
