// @vitest-environment happy-dom
// The policy line in Settings: the version in force and where it came from, in the chosen language.
import { afterEach, describe, expect, it } from 'vitest';
import { zhejiang2020 } from '../../../src/core/policy/policies/zhejiang-2020.js';
import type { PolicyOrigin } from '../../../src/models/checkpoint.js';
import type { Language } from '../../../src/store/settings.js';
import { translator } from '../../../src/ui/i18n/index.js';
import { PolicyLine } from '../../../src/ui/Settings/PolicyLine.js';
import { show } from '../render.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('PolicyLine', () => {
  it.each<[Language, PolicyOrigin, string]>([
    [
      'en',
      { kind: 'shipped' },
      `Rules in force: zhejiang-2020, version ${zhejiang2020.version} (shipped with the app)`,
    ],
    [
      'en',
      { kind: 'bundle', bundleVersion: 12 },
      `Rules in force: zhejiang-2020, version ${zhejiang2020.version} (from the server, bundle v12)`,
    ],
    [
      'zh-CN',
      { kind: 'bundle', bundleVersion: 12 },
      `当前规则：zhejiang-2020，第 ${zhejiang2020.version} 版（来自服务器，数据包 v12）`,
    ],
    ['zh-TW', { kind: 'shipped' }, `目前規則：zhejiang-2020，第 ${zhejiang2020.version} 版（應用程式內建）`],
  ])('in %s, from %j', async (language, origin, text) => {
    const root = await show(<PolicyLine policy={zhejiang2020} origin={origin} tr={translator(language)} />);
    expect(root.textContent).toBe(text);
    expect(root.querySelector('[data-policy-origin]')?.getAttribute('data-policy-origin')).toBe(origin.kind);
  });
});
