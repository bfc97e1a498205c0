// @vitest-environment happy-dom
// The sync widget shows what is pending, syncs on the button with progress, lists dead letters and says when disabled.
import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { signal } from '@preact/signals';
import { START_STATUS, type SyncStatus } from '../../../src/sync/syncer.js';
import { SyncWidget } from '../../../src/ui/Sync/SyncWidget.js';

// An enrolled device, idle, with nothing pending (each case sets what it shows).
const base: SyncStatus = { ...START_STATUS, state: 'idle', trustVersion: 4 };

function mount(status: SyncStatus, syncNow = vi.fn(async () => undefined)) {
  const root = document.createElement('div');
  document.body.append(root);
  const s = signal(status);
  act(() => render(<SyncWidget status={s} syncNow={syncNow} language="en" />, root));
  return { root, s, syncNow };
}

describe('SyncWidget', () => {
  it('shows the pending count and syncs when "Sync now" is pressed', () => {
    const { root, syncNow } = mount({ ...base, pending: 12 });
    expect(root.textContent).toContain('12 waiting to upload');
    const button = root.querySelector<HTMLButtonElement>('.sync__now')!;
    act(() => button.click());
    expect(syncNow).toHaveBeenCalledTimes(1);
  });

  it('shows progress while syncing and disables the button', () => {
    const { root } = mount({ ...base, state: 'syncing', pending: 300, progress: { sent: 200, total: 500 } });
    expect(root.querySelector<HTMLButtonElement>('.sync__now')!.disabled).toBe(true);
    expect(root.querySelector('progress')!.getAttribute('value')).toBe('200');
    expect(root.textContent).toContain('Uploading 200 of 500');
  });

  it('lists parked batches with the server reason, and says they are kept', () => {
    const { root } = mount({
      ...base,
      deadLetters: [
        {
          batchId: 'b1',
          parkedAt: '2026-11-20T08:00:00Z',
          status: 422,
          error: 'tampered',
          message: 'Record 7 does not match its hash.',
          recordIds: ['a'],
          firstSeq: 5,
          lastSeq: 9,
        },
      ],
    });
    expect(root.textContent).toContain('Refused by the server (1 batches)');
    expect(root.textContent).toContain('Records 5–9: Record 7 does not match its hash. (tampered');
  });

  it('says the device was disabled, offers no sync, and updates when the status changes', () => {
    const { root, s } = mount({ ...base, pending: 3 });
    act(() => {
      s.value = {
        ...base,
        state: 'disabled',
        pending: 3,
        disabledMessage: 'This device has been disabled by the administrator.',
      };
    });
    expect(root.querySelector('[role=alert]')!.textContent).toContain('disabled by the administrator');
    expect(root.querySelector('.sync__now')).toBeNull();
  });

  it('speaks the chosen language', () => {
    const root = document.createElement('div');
    act(() =>
      render(
        <SyncWidget
          status={signal({ ...base, pending: 2 })}
          syncNow={async () => undefined}
          language="zh-CN"
        />,
        root,
      ),
    );
    expect(root.textContent).toContain('2 条待上传');
    expect(root.textContent).toContain('立即同步');
  });
});
