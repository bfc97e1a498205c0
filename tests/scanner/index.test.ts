// @vitest-environment happy-dom
// The public API: importing it starts nothing (no worker, no camera, no listeners).
import { describe, expect, it, vi } from 'vitest';

describe('src/scanner/index.ts', () => {
  it('has no side effects at import time', async () => {
    const worker = vi.fn();
    const getUserMedia = vi.fn();
    const addEventListener = vi.spyOn(document, 'addEventListener');
    vi.stubGlobal('Worker', worker);
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } });
    const api = await import('../../src/scanner/index.js');
    expect(Object.keys(api)).toEqual(
      expect.arrayContaining([
        'startCamera',
        'createDecoder',
        'startScanning',
        'listenScannerGun',
        'pauseWhenHidden',
      ]),
    );
    expect(worker).not.toHaveBeenCalled();
    expect(getUserMedia).not.toHaveBeenCalled();
    expect(addEventListener).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
