// @vitest-environment happy-dom
// Updates: a new version waits for staff, is offered only between decisions, and activates when they choose.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { encodeHcq1 } from '../../../src/core/hcq1/encode.js';
import { fromHex } from '../../../src/core/bytes.js';
import { rig } from '../services.js';
import { click, mount, settle } from '../render.js';

const wb = vi.hoisted(() => {
  const listeners = new Map<string, ((e: { isUpdate?: boolean }) => void)[]>();
  return {
    listeners,
    register: vi.fn(async (_opts?: unknown) => undefined),
    messageSkipWaiting: vi.fn(),
    emit(type: string, e: { isUpdate?: boolean } = {}) {
      for (const l of listeners.get(type) ?? []) l(e);
    },
  };
});

vi.mock('workbox-window', () => ({
  Workbox: class {
    addEventListener(type: string, l: (e: { isUpdate?: boolean }) => void) {
      wb.listeners.set(type, [...(wb.listeners.get(type) ?? []), l]);
    }
    register(opts?: unknown) {
      return wb.register(opts);
    }
    messageSkipWaiting() {
      wb.messageSkipWaiting();
    }
  },
}));

const { registerServiceWorker } = await import('../../../src/ui/platform/update.js');

afterEach(() => {
  wb.listeners.clear();
  vi.clearAllMocks();
  document.body.innerHTML = '';
});

describe('registerServiceWorker', () => {
  it('registers at once, reports a waiting version, and activates it only when asked', async () => {
    vi.stubGlobal('navigator', { ...navigator, serviceWorker: {} });
    const ready = vi.fn();
    const control = registerServiceWorker('/sw.js', ready);
    expect(wb.register).toHaveBeenCalledWith({ immediate: true });
    wb.emit('waiting');
    expect(ready).toHaveBeenCalledTimes(1);
    expect(wb.messageSkipWaiting).not.toHaveBeenCalled();
    control?.applyUpdate();
    expect(wb.messageSkipWaiting).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });
});

describe('a version activated by another tab', () => {
  it('reloads this page only once no decision is on screen', async () => {
    vi.useFakeTimers();
    const reload = vi.fn();
    vi.stubGlobal('navigator', { ...navigator, serviceWorker: {} });
    Object.defineProperty(window, 'location', { value: { reload }, configurable: true });
    let busy = true;
    registerServiceWorker(
      '/sw.js',
      () => undefined,
      () => busy,
    );
    wb.emit('controlling', { isUpdate: true });
    vi.advanceTimersByTime(2000);
    expect(reload).not.toHaveBeenCalled();
    busy = false;
    vi.advanceTimersByTime(600);
    expect(reload).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
});

describe('the update offer', () => {
  it('is shown between decisions, hidden while a decision is on screen, and applies on tap', async () => {
    const r = await rig({ language: 'en', category: 'office' });
    const apply = vi.fn();
    r.services.applyUpdate = apply;
    const root = await mount(r.services);
    await act(() => {
      (r.services.updateReady as { value: boolean }).value = true;
    });
    expect(root.querySelector('.update')?.textContent).toContain('A new version is ready');
    const now = Math.floor(Date.now() / 1000);
    const text = encodeHcq1(
      {
        iss: 'CN-ZJ',
        iat: now,
        exp: now + 60,
        subject: new Uint8Array(16),
        colour: 'green',
        colourSince: now - 86400,
        name: '王*',
        idLast4: '0001',
      },
      { kid: fromHex(r.issuer.key.kid) ?? new Uint8Array(8), secretKey: r.issuer.secretKey },
    );
    await act(() => r.services.checkpoint.scan(text));
    await settle();
    expect(root.querySelector('[data-decision]')).not.toBeNull();
    expect(root.querySelector('.update')).toBeNull();
    await click(root.querySelector('.result .button--big'));
    await click(root.querySelector('.update button'));
    expect(apply).toHaveBeenCalledTimes(1);
  });
});
