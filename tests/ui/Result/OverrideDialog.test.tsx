// @vitest-environment happy-dom
// The supervisor override: PIN and reason go to the model; a refusal is said in words and the dialog stays.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../../src/core/result.js';
import type { OverrideError } from '../../../src/models/checkpoint.js';
import { translator } from '../../../src/ui/i18n/index.js';
import { OverrideDialog } from '../../../src/ui/Result/OverrideDialog.js';
import { click, show, type } from '../render.js';

const tr = translator('en');

afterEach(() => {
  document.body.innerHTML = '';
});

describe('OverrideDialog', () => {
  it('hands the decision, reason and PIN to the model and closes once it is logged', async () => {
    const onOverride = vi.fn(async () => ok(undefined));
    const onClose = vi.fn();
    const root = await show(<OverrideDialog tr={tr} onOverride={onOverride} onClose={onClose} />);
    await type(root.querySelector('input[name=pin]'), '2468');
    await type(root.querySelector('input[name=reason]'), 'known to staff');
    await click(root.querySelector('.button--deny'));
    expect(onOverride).toHaveBeenCalledWith('deny', 'known to staff', '2468');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it.each<[OverrideError, string]>([
    ['bad-pin', 'Wrong PIN'],
    ['no-pin-set', 'No supervisor PIN is set. Set one in Settings.'],
    ['no-reason', 'Give a reason'],
  ])('says %s as “%s” and stays open', async (error, text) => {
    const onClose = vi.fn();
    const root = await show(<OverrideDialog tr={tr} onOverride={async () => err(error)} onClose={onClose} />);
    await click(root.querySelector('.button--admit'));
    expect(root.querySelector('.form-error[role=alert]')?.textContent).toBe(text);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('closes on Cancel without overriding', async () => {
    const onOverride = vi.fn(async () => ok(undefined));
    const onClose = vi.fn();
    const root = await show(<OverrideDialog tr={tr} onOverride={onOverride} onClose={onClose} />);
    await click(root.querySelector('.button--quiet'));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onOverride).not.toHaveBeenCalled();
  });
});
