// @vitest-environment happy-dom
// The shared drop-down of Settings and manual entry: a named select inside its label, reporting the option chosen.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { Select } from '../../../src/ui/components/Select.js';
import { show } from '../render.js';

const OPTIONS = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
] as const;

async function choose(select: HTMLSelectElement | null, value: string): Promise<void> {
  await act(() => {
    if (select) select.value = value;
    select?.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Select', () => {
  it('lists the options, shows the value, and reports the option chosen', async () => {
    const onChange = vi.fn();
    const root = await show(
      <Select name="language" label="Language" value="zh-CN" options={OPTIONS} onChange={onChange} />,
    );
    const select = root.querySelector<HTMLSelectElement>('label select[name=language]');
    expect([...(select?.options ?? [])].map((o) => `${o.value} ${o.text}`)).toEqual([
      'zh-CN 简体中文',
      'en English',
    ]);
    expect(select?.value).toBe('zh-CN');
    expect(root.querySelector('label')?.firstChild?.textContent).toBe('Language');
    await choose(select, 'en');
    expect(onChange).toHaveBeenCalledWith('en');
  });
});
