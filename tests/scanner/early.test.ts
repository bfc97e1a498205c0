// @vitest-environment happy-dom
// The decoder and camera started before the scan screen: taken once, and a camera nobody takes is let go.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok, type Result } from '../../src/core/result.js';
import type { CameraError } from '../../src/scanner/camera.js';
import type { Decoder } from '../../src/scanner/decoder.js';
import { startEarly } from '../../src/scanner/early.js';

afterEach(() => vi.useRealTimers());

/** A stand-in camera whose stream records whether its track was stopped. */
function fakeCamera() {
  const opened: (string | undefined)[] = [];
  const track = { stopped: false, stop: () => void (track.stopped = true) };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  const open = (deviceId?: string): Promise<Result<MediaStream, CameraError>> => {
    opened.push(deviceId);
    return Promise.resolve(ok(stream));
  };
  return { opened, track, stream, open };
}

const decoder = { close() {} } as unknown as Decoder;

describe('startEarly', () => {
  it('hands its decoder to the first taker only', () => {
    const early = startEarly({ decoder: () => decoder, open: fakeCamera().open });
    expect(early.takeDecoder()).toBe(decoder);
    expect(early.takeDecoder()).toBeNull();
  });

  it('hands the stream opened for a camera to the first taker for that camera', async () => {
    const cam = fakeCamera();
    const early = startEarly({ decoder: () => decoder, open: cam.open });
    early.openCamera('rear-2');
    expect(cam.opened).toEqual(['rear-2']);
    const taken = early.takeCamera('rear-2');
    expect(await taken).toEqual(ok(cam.stream));
    expect(early.takeCamera('rear-2')).toBeNull();
    expect(cam.track.stopped).toBe(false);
  });

  it.each([
    ['another camera is asked for', (early: ReturnType<typeof startEarly>) => early.takeCamera('front')],
    ['nobody takes it in time', () => vi.advanceTimersByTime(10_000)],
    [
      'the page is hidden',
      () => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
      },
    ],
  ])('stops the stream when %s', async (_, act) => {
    vi.useFakeTimers();
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
    const cam = fakeCamera();
    const early = startEarly({ decoder: () => decoder, open: cam.open, giveUpMs: 10_000 });
    early.openCamera(null);
    act(early);
    await vi.advanceTimersByTimeAsync(0);
    expect(cam.track.stopped).toBe(true);
    expect(early.takeCamera(null)).toBeNull();
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
  });

  it('opens no camera while the page is hidden', () => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    const cam = fakeCamera();
    const early = startEarly({ decoder: () => decoder, open: cam.open });
    early.openCamera(null);
    expect(cam.opened).toEqual([]);
    expect(early.takeCamera(null)).toBeNull();
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
  });
});
