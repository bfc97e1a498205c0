// The shapes shared by the page and the decoding worker: one typed API, one message protocol.

/** A decoding engine: the platform's BarcodeDetector, ZXing-C++ in WebAssembly, or @zxing/library in JS. */
export type Reader = 'native' | 'wasm' | 'js';

/** Every engine, in the order the decoder prefers them. */
export const ALL_READERS: readonly Reader[] = ['native', 'wasm', 'js'];

/**
 * Which pass over the frame found a code: the whole frame at half size, the centre square or the whole frame
 * at full size, or the centre square sharpened or smoothed (see passes in pipeline.ts).
 */
export type Region = 'half' | 'centre' | 'full' | 'sharpened' | 'smoothed';

/** Per-request decoding options. */
export interface DecodeOptions {
  /** Side of the centred square tried first, as a fraction of the frame's shorter side; 0 skips it. */
  centreFraction?: number;
  /** Also try the whole frame when the centre finds nothing (default true). */
  fullFrame?: boolean;
  /** Try the whole frame at half size first (default true; skipped where that would be under 180 px high). */
  halfFirst?: boolean;
  /** Then the sharpened and smoothed centre square where the plain passes found nothing (default true). */
  hard?: boolean;
  /**
   * Camera frames in a stream: skip a frame too like the one before while no code is in view (activity.ts),
   * answering "none" with `skipped`; `idle` marks a "none" from a frame that showed no change (default false:
   * every frame is decoded).
   */
  gate?: boolean;
  /** A bitmap or video frame larger than this on its longer side is scaled down before decoding. */
  maxSide?: number;
}

/** What one decode request came to; nothing is thrown for a frame that holds no code. */
export type DecodeOutcome =
  | { status: 'found'; text: string; engine: Reader; region: Region; inverted: boolean; ms: number }
  | { status: 'none'; engines: Reader[]; ms: number; skipped?: true; idle?: true }
  | { status: 'aborted' };

/** Whether an engine can run here, and if not, why. */
export type ReaderStatus = { available: true } | { available: false; reason: string };

/**
 * A frame as the worker receives it, all transferable: a camera VideoFrame (converted to pixels in the
 * worker, so the page does no per-frame pixel work), a bitmap, or raw RGBA pixels.
 */
export type Frame = VideoFrame | ImageBitmap | ImageData;

/** Whether a frame holds a resource that must be closed (bitmaps and video frames; not ImageData). */
export function isClosable(frame: Frame): frame is VideoFrame | ImageBitmap {
  return typeof (frame as Partial<ImageBitmap>).close === 'function';
}

/** Messages from the page to the worker. */
export type ToWorker =
  | { type: 'configure'; engines: Reader[] }
  | { type: 'decode'; id: number; frame: Frame; opts: DecodeOptions }
  | { type: 'cancel'; id: number }
  | { type: 'probe'; id: number };

/** Messages from the worker to the page. */
export type FromWorker =
  | { type: 'decoded'; id: number; outcome: DecodeOutcome }
  | { type: 'probed'; id: number; engines: Record<Reader, ReaderStatus> };
