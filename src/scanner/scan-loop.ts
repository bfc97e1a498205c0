// The scan loop: one video frame at a time to the decoding worker, until aborted.
import { scaleToFit } from './crop.js';
import type { Decoder } from './decoder.js';
import { isClosable, type DecodeOptions, type DecodeOutcome, type Frame } from './types.js';

/** A decode outcome that found a code. */
export type FoundOutcome = Extract<DecodeOutcome, { status: 'found' }>;

/** Options for `startScanning`. */
export interface ScanOptions {
  /** The decoding worker (see createDecoder); the loop does not close it. */
  decoder: Decoder;
  /**
   * Called for every frame a code is found in: a code held in view comes again on each frame, and the
   * checkpoint model, where the camera, the gun and a paste meet, is what drops repeats (dedup.ts).
   */
  onText(text: string, outcome: FoundOutcome): void;
  /** Stops the loop. */
  signal?: AbortSignal;
  /** Called with every outcome, found or not (diagnostics, benchmarks). */
  onOutcome?(outcome: DecodeOutcome): void;
}

// Frames are scaled down to this longer side before decoding: the camera's ideal width (camera.ts), so a
// larger camera costs the decoder no more than the one asked for.
const MAX_SIDE = 1280;

// Idle (a second of frames the worker found unchanged): every other camera frame is looked at. A code coming
// into view waits one frame more at most (33 ms at 30 fps); the page and the worker do half the work.
const IDLE_AFTER = 30;
const IDLE_STRIDE = 2;

/** A running scan loop. */
export interface ScanHandle {
  stop(): void;
}

/**
 * Grabs frames from `video` and decodes them in the worker, one at a time: while a frame is being
 * decoded no other is grabbed, so frames are dropped rather than queued. A frame is a WebCodecs
 * `VideoFrame` where there is one (a reference to the camera's buffer: about no main-thread work; the
 * worker converts and scales it), else `createImageBitmap(video)`, which in Chromium without a GPU
 * converts on the main thread (measured 2-13 ms for 1280×720); both are transferred, not copied.
 */
export function startScanning(video: HTMLVideoElement, opts: ScanOptions): ScanHandle {
  const ctl = new AbortController();
  const stop = () => ctl.abort();
  if (opts.signal?.aborted) stop();
  opts.signal?.addEventListener('abort', stop, { once: true });
  // Without OffscreenCanvas the worker cannot read a bitmap's pixels, so the page sends ImageData instead.
  const workerReadsBitmaps =
    typeof OffscreenCanvas !== 'undefined' && typeof createImageBitmap === 'function';
  const videoFrames = workerReadsBitmaps && typeof VideoFrame === 'function';
  // Camera frames come as a stream: the worker skips those too like the one before while no code is in view.
  const decodeOptions: DecodeOptions = { maxSide: MAX_SIDE, gate: true };
  let canvas: HTMLCanvasElement | null = null;
  let frameHandle: number | null = null;

  const schedule = () => {
    if (ctl.signal.aborted) return;
    // requestVideoFrameCallback fires only when a new camera frame is shown; older browsers get rAF.
    frameHandle =
      'requestVideoFrameCallback' in video
        ? video.requestVideoFrameCallback(() => void tick())
        : requestAnimationFrame(() => void tick());
  };

  // Frames in a row the worker skipped as unchanged: past IDLE_AFTER, only every IDLE_STRIDE-th frame is sent.
  let unchanged = 0;
  let shown = 0;

  const tick = async () => {
    frameHandle = null;
    if (ctl.signal.aborted) return;
    if (unchanged > IDLE_AFTER && ++shown % IDLE_STRIDE !== 0) {
      schedule();
      return;
    }
    try {
      const frame = await grab();
      if (!frame || ctl.signal.aborted) {
        if (frame && isClosable(frame)) frame.close();
        return;
      }
      const outcome = await opts.decoder.decode(frame, decodeOptions, ctl.signal);
      if (ctl.signal.aborted) return;
      unchanged = outcome.status === 'none' && outcome.idle ? unchanged + 1 : 0;
      opts.onOutcome?.(outcome);
      if (outcome.status === 'found') opts.onText(outcome.text, outcome);
    } catch (e) {
      // A failing callback must not end the loop; surface it the way an event listener's error would be.
      if (typeof reportError === 'function') reportError(e);
      else console.error(e);
    } finally {
      schedule();
    }
  };

  const grab = async (): Promise<Frame | null> => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (w === 0 || h === 0 || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null;
    if (videoFrames) {
      try {
        return new VideoFrame(video, { timestamp: Math.round(video.currentTime * 1e6) });
      } catch {
        // No frame to wrap yet (or a browser that refuses this source): take the bitmap path below.
      }
    }
    const size = scaleToFit(w, h, MAX_SIDE);
    if (workerReadsBitmaps) {
      const resized = size.width !== w || size.height !== h;
      return resized
        ? createImageBitmap(video, {
            resizeWidth: size.width,
            resizeHeight: size.height,
            resizeQuality: 'medium',
          })
        : createImageBitmap(video);
    }
    canvas ??= document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(video, 0, 0, size.width, size.height);
    return ctx.getImageData(0, 0, size.width, size.height);
  };

  ctl.signal.addEventListener(
    'abort',
    () => {
      opts.signal?.removeEventListener('abort', stop);
      if (frameHandle !== null) {
        if ('cancelVideoFrameCallback' in video) video.cancelVideoFrameCallback(frameHandle);
        else cancelAnimationFrame(frameHandle);
      }
    },
    { once: true },
  );
  schedule();
  return { stop };
}
