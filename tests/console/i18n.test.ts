// The console's catalogues: every language has every key (the types insist), no empty message, and the same
// placeholders as English, so no `{name}` is ever shown unfilled or lost.
import { describe, expect, it } from 'vitest';
import { CONSOLE_CATALOGUES, consoleTranslator } from '../../src/console/i18n/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const en = CONSOLE_CATALOGUES.en;

describe.each(['zh-CN', 'zh-TW'] as const)('console catalogue %s', (language) => {
  const messages = CONSOLE_CATALOGUES[language];
  it.each(Object.keys(en) as (keyof typeof en)[])(
    '%s: present, and the same placeholders as English',
    (key) => {
      expect(messages[key].trim()).not.toBe('');
      expect(placeholders(messages[key])).toEqual(placeholders(en[key]));
    },
  );
});

describe('consoleTranslator', () => {
  it('fills placeholders through the app mechanism', () => {
    expect(consoleTranslator('zh-CN')('reports.live', { time: '09:00:05' })).toBe('实时 · 更新于 09:00:05');
    expect(consoleTranslator('en')('devices.trustAge', { version: 7, age: '2 h' })).toBe(
      'version 7, 2 h old',
    );
  });
});
