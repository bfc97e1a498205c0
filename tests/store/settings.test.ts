// Settings: defaults for a new device, saved values kept, and defaults filling fields an older save lacks.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { set } from 'idb-keyval';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from '../../src/store/settings.js';
import { freshKv } from '../support/db.js';

describe('settings', () => {
  it('gives the defaults on a new device', async () => {
    expect(await loadSettings(freshKv())).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps what was saved', async () => {
    const kv = freshKv();
    await saveSettings({ ...DEFAULT_SETTINGS, language: 'en', gateMode: true, category: 'museum' }, kv);
    const s = await loadSettings(kv);
    expect([s.language, s.gateMode, s.category]).toEqual(['en', true, 'museum']);
  });

  it('fills fields missing from an older save with defaults', async () => {
    const kv = freshKv();
    await set('settings', { language: 'zh-TW' }, kv);
    expect(await loadSettings(kv)).toEqual({ ...DEFAULT_SETTINGS, language: 'zh-TW' });
  });
});
