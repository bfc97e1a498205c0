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
export type GateDecision = 'changed' | 'settling' | 'holding-code' | 'keep-alive' | 'unchanged';

/** Decides frame by frame; `found` tells it whether the last decoded frame held a code. */
export interface ActivityGate {
  decide(thumb: Uint8Array, now: number): GateDecision;
  found(yes: boolean): void;
}

/** Whether a decision means "decode this frame". */
export function decodes(d: GateDecision): boolean {
  return d !== 'unchanged';
}

/** Mean absolute difference of two equally long grey images. */
export function meanDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return a.length === 0 ? 0 : sum / a.length;
}

/** Grey levels of an RGBA thumbnail (one byte per pixel). */
export function thumbGreys(rgba: Uint8ClampedArray): Uint8Array {
  const out = new Uint8Array(rgba.length >> 2);
  for (let i = 0, p = 0; i < out.length; i++, p += 4)
    out[i] = (rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29) >> 8;
  return out;
}

/** A gate that decodes changed and settling frames, frames while a code is held in view, and a keep-alive. */
export function createActivityGate(opts: GateOptions = {}): ActivityGate {
  const threshold = opts.threshold ?? 4;
  const settleMs = opts.settleMs ?? 1000;
  const keepAliveMs = opts.keepAliveMs ?? 500;
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
      const d: GateDecision = changed
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
