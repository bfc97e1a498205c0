// The decoding worker: receives frames one request at a time, answers with a DecodeOutcome.
// Loaded only through `createDecoder` (new Worker(new URL(...))), so none of this is in the page's bundle.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { createSerial } from '../core/serial.js';
import {
  createActivityGate,
  decodes,
  THUMB_HEIGHT,
  THUMB_OVERSAMPLE,
  THUMB_WIDTH,
  thumbFromLuma,
  thumbGreys,
} from './activity.js';
import { scaleToFit, type Pixels } from './crop.js';
import { lumaHalfPixels, lumaPixels, type LumaPlane } from './luma.js';
import { jsReader, nativeReader, wasmReader, type ReaderImpl } from './readers.js';
import { decodePixels, engineChain, pixelSource, type FrameSource, type Scale } from './pipeline.js';
import {
  ALL_READERS,
  isClosable,
  type DecodeOptions,
  type Reader,
  type ReaderStatus,
  type Frame,
  type FromWorker,
  type ToWorker,
} from './types.js';

const impls: Record<Reader, ReaderImpl> = {
  native: nativeReader(),
  wasm: wasmReader(wasmUrl),
  js: jsReader(),
};
let selected: Reader[] = [...ALL_READERS];
// Ids the page no longer wants; checked before each attempt so a stale frame is dropped, not decoded.
const cancelled = new Set<number>();
// One camera stream at a time is scanned through a decoder, so one gate.
const gate = createActivityGate();
const HARD_EVERY = 3;
let sinceHard = 0;
// Requests run one after another; the page sends at most one frame at a time, so this never grows.
const serially = createSerial();

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'configure':
      selected = msg.engines.filter((e) => ALL_READERS.includes(e));
      // Load the engines now, while the page starts its camera: the first frame must not wait for the wasm.
      enqueue(() => chainFor(selected).then(() => undefined));
      break;
    case 'cancel':
      cancelled.add(msg.id);
      break;
    case 'probe':
      // Not in turn with the frames: loading every engine for a diagnostic must not hold up the first frame.
      void probeAll(selected).then((engines) => post({ type: 'probed', id: msg.id, engines }));
      break;
    case 'decode':
      enqueue(() => decode(msg.id, msg.frame, msg.opts));
      break;
  }
};

// Each step answers the page itself; one that fails must not hold up the later ones, or they would never answer.
function enqueue(step: () => Promise<void>): void {
  serially(step).catch(() => undefined);
}

// A task of its own without setTimeout's clamp: after five nested timers Chromium delays each by 4 ms, so a frame
// with no code (two engines × two regions, a yield around each attempt) idled about 13 ms in timers.
let yieldChannel: MessageChannel | undefined;
const waiting: (() => void)[] = [];
function nextTask(): Promise<void> {
  if (!yieldChannel) {
    yieldChannel = new MessageChannel();
    yieldChannel.port1.onmessage = () => waiting.shift()?.();
  }
  const channel = yieldChannel;
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

async function decode(id: number, frame: Frame, opts: DecodeOptions): Promise<void> {
  const isCancelled = () => cancelled.has(id);
  // Yielding to the event loop lets a 'cancel' posted after this frame arrive before work starts on it.
  const yieldThenCheck = () => nextTask().then(isCancelled);
  let keepAlive = false;
  try {
    if (await yieldThenCheck()) {
      post({ type: 'decoded', id, outcome: { status: 'aborted' } });
      return;
    }
    // A camera frame in a YUV format: its luma plane, copied once, serves the gate and then the passes.
    const luma = 'displayWidth' in frame ? await lumaPlane(frame) : null;
    if (opts.gate && isClosable(frame)) {
      const start = performance.now();
      const thumb = luma
        ? thumbFromLuma(luma.bytes, luma.offset, luma.stride, luma.width, luma.height)
        : await thumbnail(frame);
      const decision = thumb ? gate.decide(thumb, start) : 'changed';
      if (!decodes(decision)) {
        post({
          type: 'decoded',
          id,
          outcome: { status: 'none', engines: [], ms: performance.now() - start, skipped: true, idle: true },
        });
        return;
      }
      // A keep-alive looks for a code that crept in, with the cheap passes: nothing in view has changed.
      if (decision === 'keep-alive') opts = { ...opts, hard: false, fullFrame: false };
      // The hard passes on every third frame of a stream: a blurred code stays blurred for many frames, and a
      // sharp one must not wait behind them for the worker (the stream's frames come one at a time).
      else if (decision === 'holding-code' || ++sinceHard >= HARD_EVERY) sinceHard = 0;
      else opts = { ...opts, hard: false };
      keepAlive = decision === 'keep-alive';
    }
    const chain = await chainFor(selected);
    // The frame stays open until the passes are done (one at a time: the page sends the next after this
    // answer), so each scale is drawn only if a pass needs it.
    const source = sourceOf(frame, opts.maxSide, luma);
    const outcome = source
      ? await decodePixels(source, chain, opts, yieldThenCheck)
      : { status: 'none' as const, engines: [], ms: 0 };
    if (opts.gate) gate.found(outcome.status === 'found');
    post({
      type: 'decoded',
      id,
      outcome: keepAlive && outcome.status === 'none' ? { ...outcome, idle: true } : outcome,
    });
  } catch {
    // Never let an error escape: a frame that could not be decoded is a frame without a code.
    post({ type: 'decoded', id, outcome: { status: 'none', engines: [], ms: 0 } });
  } finally {
    cancelled.delete(id);
    if (isClosable(frame)) frame.close();
  }
}

const notSelected: ReaderStatus = { available: false, reason: 'not selected' };

/** Every selected engine's status (loads each, including @zxing/library: for diagnostics, not per frame). */
async function probeAll(engines: readonly Reader[]): Promise<Record<Reader, ReaderStatus>> {
  const out: Record<Reader, ReaderStatus> = { native: notSelected, wasm: notSelected, js: notSelected };
  for (const e of ALL_READERS) if (engines.includes(e)) out[e] = await impls[e].probe();
  return out;
}

/** The engines to run on a frame; @zxing/library is not even loaded while the wasm engine works. */
async function chainFor(engines: readonly Reader[]): Promise<ReaderImpl[]> {
  const out: Record<Reader, ReaderStatus> = { native: notSelected, wasm: notSelected, js: notSelected };
  if (engines.includes('native')) out.native = await impls.native.probe();
  if (engines.includes('wasm')) out.wasm = await impls.wasm.probe();
  const jsNeeded = engines.includes('js') && !out.wasm.available;
  if (jsNeeded) out.js = await impls.js.probe();
  return engineChain(engines, out).map((e) => impls[e]);
}

const canvases = new Map<Scale, OffscreenCanvas>();

/**
 * The frame as the passes read it, scaled down to `maxSide` on its longer side: grey pixels from the camera
 * frame's luma plane where it needs no scaling, else a bitmap or video frame drawn at a scale when first asked
 * for (the half-size pass draws a quarter of the pixels); null where its pixels cannot be read here.
 */
function sourceOf(frame: Frame, maxSide = Infinity, luma: LumaPlane | null = null): FrameSource | null {
  if (!isClosable(frame)) return pixelSource(frame);
  if (luma && fitsAsIs(frame, luma, maxSide)) {
    return {
      width: luma.width,
      height: luma.height,
      pixels: (scale) => (scale === 1 ? lumaPixels(luma) : halfOf(luma)),
      region: (rect) => lumaPixels(luma, rect),
    };
  }
  if (typeof OffscreenCanvas === 'undefined') return null;
  const video = 'displayWidth' in frame;
  const { width, height } = scaleToFit(
    video ? frame.displayWidth : frame.width,
    video ? frame.displayHeight : frame.height,
    maxSide,
  );
  return {
    width,
    height,
    pixels: (scale) => draw(frame, Math.round(width * scale), Math.round(height * scale), scale),
  };
}

// The half-size pixels, reused from frame to frame as the luma plane's buffer is: requests run one at a time, and
// the engines copy what they read (a 1280×720 camera made a 0.9 MB array a frame for the collector).
let halfBuffer: Uint8ClampedArray<ArrayBuffer> | undefined;
function halfOf(luma: LumaPlane): Pixels {
  const px = lumaHalfPixels(luma, halfBuffer);
  halfBuffer = px.data;
  return px;
}

let thumbCanvas: OffscreenCanvas | null = null;
let lumaBuffer: Uint8Array<ArrayBuffer> | null = null;
const YUV = new Set<string>(['I420', 'I420A', 'I422', 'I444', 'NV12']);

/**
 * A camera frame's luma plane, copied as it is (a memcpy, no conversion to RGB) into a buffer reused from frame to
 * frame (requests run one at a time); null for a frame in another format, or one that cannot be copied here.
 */
async function lumaPlane(frame: VideoFrame): Promise<LumaPlane | null> {
  const rect = frame.visibleRect;
  if (!frame.format || !YUV.has(frame.format) || !rect) return null;
  try {
    const size = frame.allocationSize();
    if (!lumaBuffer || lumaBuffer.length < size) lumaBuffer = new Uint8Array(size);
    // The copy is of the visible rectangle: the plane's size is that rectangle's.
    const y = (await frame.copyTo(lumaBuffer))[0];
    return y
      ? { bytes: lumaBuffer, offset: y.offset, stride: y.stride, width: rect.width, height: rect.height }
      : null;
  } catch {
    return null;
  }
}

/** Whether the luma plane is the frame as shown (no rotation, square pixels) and needs no scaling to `maxSide`. */
function fitsAsIs(frame: VideoFrame | ImageBitmap, luma: LumaPlane, maxSide: number): boolean {
  return (
    'displayWidth' in frame &&
    frame.displayWidth === luma.width &&
    frame.displayHeight === luma.height &&
    Math.max(luma.width, luma.height) <= maxSide
  );
}

/** The frame's grey levels at THUMB_WIDTH×THUMB_HEIGHT, for the activity gate, drawn small on a canvas. */
async function thumbnail(frame: VideoFrame | ImageBitmap): Promise<Uint8Array | null> {
  if (typeof OffscreenCanvas === 'undefined') return null;
  // Drawn small with plain bilinear sampling (cheap: no mipmaps of the whole frame), then averaged by blocks.
  thumbCanvas ??= new OffscreenCanvas(THUMB_WIDTH * THUMB_OVERSAMPLE, THUMB_HEIGHT * THUMB_OVERSAMPLE);
  const px = await drawOn(thumbCanvas, frame, 'low');
  return px && thumbGreys(px.data);
}

async function draw(
  frame: VideoFrame | ImageBitmap,
  width: number,
  height: number,
  scale: Scale,
): Promise<Pixels | null> {
  let canvas = canvases.get(scale);
  if (!canvas || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height);
    canvases.set(scale, canvas);
  }
  // At exactly half size, bilinear ('low') samples between the four pixels of each block: their mean.
  return drawOn(canvas, frame, 'low');
}

async function drawOn(
  canvas: OffscreenCanvas,
  frame: VideoFrame | ImageBitmap,
  quality: ImageSmoothingQuality,
): Promise<Pixels | null> {
  const { width, height } = canvas;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.imageSmoothingQuality = quality;
  try {
    ctx.drawImage(frame, 0, 0, width, height);
  } catch (e) {
    // A browser that cannot draw a VideoFrame on a canvas can still make a bitmap of it.
    if (!('displayWidth' in frame)) throw e;
    const bitmap = await createImageBitmap(frame);
    try {
      ctx.drawImage(bitmap, 0, 0, width, height);
    } finally {
      bitmap.close();
    }
  }
  return ctx.getImageData(0, 0, width, height);
}

function post(msg: FromWorker): void {
  self.postMessage(msg);
}
