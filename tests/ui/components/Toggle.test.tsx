// @vitest-environment happy-dom
// The shared switch of Settings and manual entry: a named checkbox inside its label, reporting its new state.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Toggle } from '../../../src/ui/components/Toggle.js';
import { click, show } from '../render.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Toggle', () => {
  it.each([false, true])('starting %s, reports the opposite when tapped', async (checked) => {
    const onChange = vi.fn();
    const root = await show(<Toggle name="sound" label="Sound" checked={checked} onChange={onChange} />);
    const input = root.querySelector<HTMLInputElement>('label.check input[type=checkbox][name=sound]');
    expect(input?.checked).toBe(checked);
    expect(root.querySelector('label')?.textContent).toBe('Sound');
    await click(input);
    expect(onChange).toHaveBeenCalledWith(!checked);
  });
});
