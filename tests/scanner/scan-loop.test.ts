// @vitest-environment happy-dom
// The scan loop: one frame in flight at a time, repeats suppressed, frames scaled down, stopped by abort.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Decoder } from '../../src/scanner/decoder.js';
import { startScanning } from '../../src/scanner/scan-loop.js';
import type { DecodeOptions, DecodeOutcome, Frame } from '../../src/scanner/types.js';

/** A video whose new-frame callbacks the test fires by hand. */
function fakeVideo(width = 1280, height = 720) {
  const video = document.createElement('video');
  const callbacks = new Map<number, () => void>();
  let next = 1;
  Object.defineProperties(video, {
    videoWidth: { value: width },
    videoHeight: { value: height },
    readyState: { value: 4 },
    requestVideoFrameCallback: {
      value: (cb: () => void) => {
        callbacks.set(next, cb);
        return next++;
      },
    },
    cancelVideoFrameCallback: { value: (id: number) => callbacks.delete(id) },
  });
  /** Shows a new frame: runs the pending callbacks and lets the loop's promises settle. */
  const frame = async () => {
    const due = [...callbacks.values()];
    callbacks.clear();
    due.forEach((cb) => cb());
    await new Promise((r) => setTimeout(r, 0));
  };
  return { video, frame, pending: () => callbacks.size };
}

/** A decoder whose answers the test gives one by one. */
function fakeDecoder() {
  const calls: Array<{
    frame: Frame;
    opts: DecodeOptions | undefined;
    signal: AbortSignal | undefined;
    answer: (o: DecodeOutcome) => void;
  }> = [];
  const decoder: Decoder = {
    decode: (frame, opts, signal) =>
      new Promise((resolve) => calls.push({ frame, opts, signal, answer: resolve })),
    readers: () => Promise.reject(new Error('not used')),
    close: () => undefined,
  };
  return { decoder, calls };
}

const found = (text: string): DecodeOutcome => ({
  status: 'found',
  text,
  engine: 'wasm',
  region: 'centre',
  inverted: false,
  ms: 5,
});
const none: DecodeOutcome = { status: 'none', engines: ['wasm'], ms: 5 };
const bitmapCalls: unknown[][] = [];

beforeEach(() => {
  bitmapCalls.length = 0;
  vi.stubGlobal('OffscreenCanvas', class {});
  vi.stubGlobal('createImageBitmap', (...args: unknown[]) => {
    bitmapCalls.push(args);
    return Promise.resolve({ width: 1, height: 1, close: () => undefined });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('startScanning', () => {
  it('keeps one frame in flight: new camera frames are dropped until the worker answers', async () => {
    const { video, frame } = fakeVideo();
    const { decoder, calls } = fakeDecoder();
    const h = startScanning(video, { decoder, onText: () => undefined });
    await frame();
    await frame();
    await frame();
    expect(calls).toHaveLength(1);
    calls[0]!.answer(none);
    await frame();
    await frame();
    expect(calls).toHaveLength(2);
    h.stop();
  });

  // Repeats are dropped by the checkpoint model, where camera, gun and paste meet (tests/models/checkpoint.test.ts).
  it('reports every frame a code is found in, for the checkpoint to drop repeats', async () => {
    const { video, frame } = fakeVideo();
    const { decoder, calls } = fakeDecoder();
    const texts: string[] = [];
    const h = startScanning(video, { decoder, onText: (t) => texts.push(t) });
    for (const text of ['HCQ1:A', 'HCQ1:A', 'HCQ1:A', 'HCQ1:B', 'HCQ1:A']) {
      await frame();
      calls.at(-1)!.answer(found(text));
      await frame();
    }
    h.stop();
    expect(texts).toEqual(['HCQ1:A', 'HCQ1:A', 'HCQ1:A', 'HCQ1:B', 'HCQ1:A']);
  });

  it('after a second of frames the worker found unchanged, sends every other frame; any other answer restores all', async () => {
    const { video, frame } = fakeVideo();
    const { decoder, calls } = fakeDecoder();
    const idle: DecodeOutcome = { status: 'none', engines: [], ms: 1, skipped: true, idle: true };
    const h = startScanning(video, { decoder, onText: () => undefined });
    let answered = 0;
    // Shows `frames` camera frames, answering each frame sent; returns how many were sent.
    const show = async (frames: number, answer: DecodeOutcome) => {
      const before = calls.length;
      for (let i = 0; i < frames; i++) {
        await frame();
        while (answered < calls.length) calls[answered++]!.answer(answer);
        await new Promise((r) => setTimeout(r, 0));
      }
      return calls.length - before;
    };
    expect(await show(31, idle)).toBe(31);
    expect(await show(6, idle)).toBe(3);
    expect(await show(2, none)).toBe(1);
    expect(await show(4, none)).toBe(4);
    expect(calls[0]!.opts).toMatchObject({ gate: true });
    h.stop();
  });

  it('passes every outcome to onOutcome', async () => {
    const { video, frame } = fakeVideo();
    const { decoder, calls } = fakeDecoder();
    const outcomes: DecodeOutcome[] = [];
    const h = startScanning(video, { decoder, onText: () => undefined, onOutcome: (o) => outcomes.push(o) });
    await frame();
    calls[0]!.answer(none);
    await frame();
    h.stop();
    expect(outcomes).toEqual([none]);
  });

  it('grabs the frame as an ImageBitmap, scaled down to 1280 on the longer side', async () => {
    const big = fakeVideo(1920, 1080);
    const { decoder } = fakeDecoder();
    const h = startScanning(big.video, { decoder, onText: () => undefined });
    await big.frame();
    h.stop();
    expect(bitmapCalls[0]).toEqual([
      big.video,
      { resizeWidth: 1280, resizeHeight: 720, resizeQuality: 'medium' },
    ]);
  });

  it('sends a VideoFrame where WebCodecs exists, for the worker to convert and scale to 1280', async () => {
    class FakeVideoFrame {
      constructor(readonly source: unknown) {}
      close() {}
    }
    vi.stubGlobal('VideoFrame', FakeVideoFrame);
    const { video, frame } = fakeVideo(1920, 1080);
    const { decoder, calls } = fakeDecoder();
    const h = startScanning(video, { decoder, onText: () => undefined });
    await frame();
    h.stop();
    expect(calls[0]!.frame).toBeInstanceOf(FakeVideoFrame);
    expect(calls[0]!.opts).toMatchObject({ maxSide: 1280 });
    expect(bitmapCalls).toEqual([]);
  });

  it('falls back to a bitmap when a VideoFrame cannot be made of the video', async () => {
    vi.stubGlobal(
      'VideoFrame',
      class {
        constructor() {
          throw new DOMException('no frame', 'InvalidStateError');
        }
      },
    );
    const { video, frame } = fakeVideo();
    const { decoder, calls } = fakeDecoder();
    const h = startScanning(video, { decoder, onText: () => undefined });
    await frame();
    h.stop();
    expect(calls).toHaveLength(1);
    expect(bitmapCalls).toHaveLength(1);
  });

  it('grabs nothing before the video has a frame', async () => {
    const { video, frame } = fakeVideo(0, 0);
    const { decoder, calls } = fakeDecoder();
    const h = startScanning(video, { decoder, onText: () => undefined });
    await frame();
    h.stop();
    expect(calls).toHaveLength(0);
  });

  it('stops on abort: the request in flight is aborted and no frame is awaited any more', async () => {
    const { video, frame, pending } = fakeVideo();
    const { decoder, calls } = fakeDecoder();
    const ctl = new AbortController();
    const texts: string[] = [];
    startScanning(video, { decoder, onText: (t) => texts.push(t), signal: ctl.signal });
    await frame();
    ctl.abort();
    expect(calls[0]!.signal?.aborted).toBe(true);
    calls[0]!.answer(found('HCQ1:LATE'));
    await frame();
    expect(texts).toEqual([]);
    expect(pending()).toBe(0);
  });

  it('keeps scanning when onText throws', async () => {
    vi.stubGlobal('reportError', () => undefined);
    const { video, frame } = fakeVideo();
    const { decoder, calls } = fakeDecoder();
    const h = startScanning(video, {
      decoder,
      onText: () => {
        throw new Error('listener bug');
      },
    });
    await frame();
    calls[0]!.answer(found('HCQ1:A'));
    await frame();
    await frame();
    h.stop();
    expect(calls).toHaveLength(2);
  });
});
