// @vitest-environment happy-dom
// The temperature pad: one tap for a common reading, a field for any other between 30 and 45 °C.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { translator } from '../../../src/ui/i18n/index.js';
import { TemperaturePad } from '../../../src/ui/Result/TemperaturePad.js';
import { click, show, type } from '../render.js';

const tr = translator('en');

afterEach(() => {
  document.body.innerHTML = '';
});

describe('TemperaturePad', () => {
  it('picks a common reading with one tap and shows the current one pressed', async () => {
    const onPick = vi.fn();
    const root = await show(<TemperaturePad current={36.5} onPick={onPick} tr={tr} />);
    const buttons = [...root.querySelectorAll('.temps__btn')];
    expect(buttons.map((b) => b.textContent)).toEqual(['36.2', '36.5', '36.8', '37.0', '37.3', '38.0']);
    expect(root.querySelector('[aria-pressed=true]')?.textContent).toBe('36.5');
    expect(root.querySelector('.temps__btn--on')?.textContent).toBe('36.5');
    await click(buttons.at(-1));
    expect(onPick).toHaveBeenCalledWith(38);
  });

  it.each<[string, number | null]>([
    ['36.4', 36.4],
    ['36,4', 36.4],
    ['37.26', 37.3],
    ['30', 30],
    ['45', 45],
    ['29.9', null],
    ['45.1', null],
    ['hot', null],
  ])('takes “%s” from the other field as %s', async (text, picked) => {
    const onPick = vi.fn();
    const root = await show(<TemperaturePad current={null} onPick={onPick} tr={tr} />);
    await type(root.querySelector('.temps__other input'), text);
    await act(() => (root.querySelector('.temps__other') as HTMLFormElement).requestSubmit());
    if (picked === null) expect(onPick).not.toHaveBeenCalled();
    else expect(onPick).toHaveBeenCalledWith(picked);
  });
});
