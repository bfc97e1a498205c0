// Whether a camera frame is worth decoding: idle scanning (camera on, nothing new in view) decodes a few
// frames a second, not thirty, and a frame that differs from the last one is decoded at once. Pure, no DOM.

/** Side of the thumbnail frames are compared by: coarse enough that sensor noise averages out. */
export const THUMB_WIDTH = 32;
export const THUMB_HEIGHT = 24;

/** How the gate behaves; the defaults suit a 30 fps camera at the door. */
export interface GateOptions {
  /** Mean absolute difference of the thumbnails' grey levels (0-255) that counts as a change. */
  threshold?: number;
  /** After a change, every frame is decoded for this long: a code being brought in, focused, held still. */
  settleMs?: number;
  /** When nothing changes, still decode one frame this often (a code slid in too slowly to notice). */
  keepAliveMs?: number;
}

/** The gate's answer for one frame and why, for diagnostics. */
export type GateDecision = 'changed' | 'settling' | 'holding-code' | 'keep-alive' | 'unchanged' | 'flat';

// A thumbnail whose grey levels spread less than this (standard deviation) shows no code: a covered lens,
// a black or blank frame. A code, even small and far, leaves light and dark blocks in it.
const FLAT_SPREAD = 2;

/** Decides frame by frame; `found` tells it whether the last decoded frame held a code. */
export interface ActivityGate {
  decide(thumb: Uint8Array, now: number): GateDecision;
  found(yes: boolean): void;
}

/** Whether a decision means "decode this frame". */
export function decodes(d: GateDecision): boolean {
  return d !== 'unchanged' && d !== 'flat';
}

/** The standard deviation of grey levels. */
export function spread(thumb: Uint8Array): number {
  let sum = 0;
  let sq = 0;
  for (const v of thumb) {
    sum += v;
    sq += v * v;
  }
  const n = Math.max(1, thumb.length);
  return Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2));
}

/** Mean absolute difference of two equally long grey images. */
export function meanDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return a.length === 0 ? 0 : sum / a.length;
}

/** How many times larger than the thumbnail the frame is first drawn, then averaged down by blocks. */
export const THUMB_OVERSAMPLE = 4;

/**
 * The THUMB_WIDTH×THUMB_HEIGHT grey thumbnail of an RGBA image THUMB_OVERSAMPLE times that size: each
 * pixel the mean of its block, so the sensor noise of single pixels averages out.
 */
export function thumbGreys(rgba: Uint8ClampedArray): Uint8Array {
  const k = THUMB_OVERSAMPLE;
  const width = THUMB_WIDTH * k;
  const out = new Uint8Array(THUMB_WIDTH * THUMB_HEIGHT);
  const sums = new Uint32Array(out.length);
  for (let y = 0; y < THUMB_HEIGHT * k; y++)
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      sums[((y / k) | 0) * THUMB_WIDTH + ((x / k) | 0)]! +=
        rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29;
    }
  for (let i = 0; i < out.length; i++) out[i] = sums[i]! / (k * k * 256);
  return out;
}

/**
 * The thumbnail straight from a luma plane (a camera frame's Y: `stride` bytes a row from `offset`), each
 * pixel the mean of a THUMB_OVERSAMPLE² grid of samples in its block: no colour conversion, no scaling.
 */
export function thumbFromLuma(
  plane: Uint8Array,
  offset: number,
  stride: number,
  width: number,
  height: number,
): Uint8Array {
  const k = THUMB_OVERSAMPLE;
  const out = new Uint8Array(THUMB_WIDTH * THUMB_HEIGHT);
  for (let ty = 0; ty < THUMB_HEIGHT; ty++)
    for (let tx = 0; tx < THUMB_WIDTH; tx++) {
      let sum = 0;
      for (let sy = 0; sy < k; sy++) {
        const y = Math.floor(((ty * k + sy + 0.5) * height) / (THUMB_HEIGHT * k));
        for (let sx = 0; sx < k; sx++) {
          const x = Math.floor(((tx * k + sx + 0.5) * width) / (THUMB_WIDTH * k));
          sum += plane[offset + y * stride + x]!;
        }
      }
      out[ty * THUMB_WIDTH + tx] = sum / (k * k);
    }
  return out;
}

/** A gate that decodes changed and settling frames, frames while a code is held in view, and a keep-alive. */
export function createActivityGate(opts: GateOptions = {}): ActivityGate {
  const threshold = opts.threshold ?? 4;
  const settleMs = opts.settleMs ?? 1000;
  const keepAliveMs = opts.keepAliveMs ?? 1000;
  let last: Uint8Array | null = null;
  let changedAt = -Infinity;
  let decodedAt = -Infinity;
  let holding = false;
  return {
    decide(thumb, now) {
      // Compared with the previous frame, not the last decoded one: a slow drift is caught by the keep-alive.
      const changed =
        last === null || last.length !== thumb.length || meanDifference(last, thumb) > threshold;
      last = thumb;
      if (changed) changedAt = now;
      const d: GateDecision =
        spread(thumb) < FLAT_SPREAD
          ? 'flat'
          : changed
            ? 'changed'
            : holding
              ? 'holding-code'
              : now - changedAt < settleMs
                ? 'settling'
                : now - decodedAt >= keepAliveMs
                  ? 'keep-alive'
                  : 'unchanged';
      if (decodes(d)) decodedAt = now;
      return d;
    },
    found(yes) {
      holding = yes;
    },
  };
}
