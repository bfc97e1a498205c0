// The decoding worker: receives frames one request at a time, answers with a DecodeOutcome.
// Loaded only through `createDecoder` (new Worker(new URL(...))), so none of this is in the page's bundle.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { Pixels } from './crop.js';
import { jsEngine, nativeEngine, wasmEngine, type EngineImpl } from './engines.js';
import { decodePixels, engineChain } from './pipeline.js';
import {
  ALL_ENGINES,
  type Engine,
  type EngineStatus,
  type Frame,
  type FromWorker,
  type ToWorker,
} from './types.js';

// The DOM lib is in scope (shared tsconfig), not the WebWorker one; this is the part of the worker scope we use.
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(msg: FromWorker): void;
}
const scope = self as unknown as WorkerScope;

const impls: Record<Engine, EngineImpl> = {
  native: nativeEngine(),
  wasm: wasmEngine(wasmUrl),
  js: jsEngine(),
};
let selected: Engine[] = [...ALL_ENGINES];
// Ids the page no longer wants; checked before each attempt so a stale frame is dropped, not decoded.
const cancelled = new Set<number>();
// Requests run one after another; the page sends at most one frame at a time, so this never grows.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'configure':
      selected = msg.engines.filter((e) => ALL_ENGINES.includes(e));
      break;
    case 'cancel':
      cancelled.add(msg.id);
      break;
    case 'probe':
      queue = queue.then(async () => post({ type: 'probed', id: msg.id, engines: await probeAll(selected) }));
      break;
    case 'decode':
      queue = queue.then(() => decode(msg.id, msg.frame, msg.opts));
      break;
  }
};

async function decode(id: number, frame: Frame, opts: Parameters<typeof decodePixels>[2]): Promise<void> {
  const isCancelled = () => cancelled.has(id);
  // Yielding to the event loop lets a 'cancel' posted after this frame arrive before work starts on it.
  const yieldThenCheck = () => new Promise<boolean>((resolve) => setTimeout(() => resolve(isCancelled()), 0));
  try {
    if (await yieldThenCheck()) {
      post({ type: 'decoded', id, outcome: { status: 'aborted' } });
      return;
    }
    const status = await probeAll(selected);
    const chain = engineChain(selected, status).map((e) => impls[e]);
    const pixels = toPixels(frame);
    const outcome = pixels
      ? await decodePixels(pixels, chain, opts, yieldThenCheck)
      : { status: 'none' as const, engines: [], ms: 0 };
    post({ type: 'decoded', id, outcome });
  } catch {
    // Never let an error escape: a frame that could not be decoded is a frame without a code.
    post({ type: 'decoded', id, outcome: { status: 'none', engines: [], ms: 0 } });
  } finally {
    cancelled.delete(id);
    if (isBitmap(frame)) frame.close();
  }
}

async function probeAll(engines: readonly Engine[]): Promise<Record<Engine, EngineStatus>> {
  const notSelected: EngineStatus = { available: false, reason: 'not selected' };
  const out: Record<Engine, EngineStatus> = { native: notSelected, wasm: notSelected, js: notSelected };
  for (const e of ALL_ENGINES) if (engines.includes(e)) out[e] = await impls[e].probe();
  return out;
}

let canvas: OffscreenCanvas | null = null;

function toPixels(frame: Frame): Pixels | null {
  if (!isBitmap(frame)) return frame;
  if (typeof OffscreenCanvas === 'undefined') return null;
  if (!canvas || canvas.width !== frame.width || canvas.height !== frame.height) {
    canvas = new OffscreenCanvas(frame.width, frame.height);
  }
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(frame, 0, 0);
  return ctx.getImageData(0, 0, frame.width, frame.height);
}

function isBitmap(frame: Frame): frame is ImageBitmap {
  return typeof ImageBitmap !== 'undefined' && frame instanceof ImageBitmap;
}

function post(msg: FromWorker): void {
  scope.postMessage(msg);
}
