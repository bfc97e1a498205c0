// Pixel arithmetic for the decoder: which square to try first, cropping, grey levels. Pure, no DOM.

/** A rectangle in whole pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** RGBA pixels, the structural part of ImageData (so this works where ImageData does not exist). */
export interface Pixels {
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
  /**
   * The same pixels as grey levels, one byte each, where they were made from grey (a camera's luma plane): an
   * engine that reads grey takes these rather than turning the RGBA back into grey.
   */
  grey?: Uint8Array;
}

// The smallest QR (version 1) is 21 modules; below ~2 px a module no engine reads it.
const MIN_SIDE = 42;

/**
 * The centred square whose side is `fraction` of the frame's shorter side, or null when it would be
 * too small to hold a readable code or would be the whole frame anyway (nothing gained by trying it).
 */
export function centreSquare(width: number, height: number, fraction: number): Rect | null {
  if (!(fraction > 0) || width <= 0 || height <= 0) return null;
  const side = Math.floor(Math.min(width, height) * Math.min(fraction, 1));
  if (side < MIN_SIDE) return null;
  if (side === width && side === height) return null;
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), width: side, height: side };
}

/** Copies `rect` (clamped to the image) out of `src` as a new RGBA image. */
export function cropPixels(src: Pixels, rect: Rect): Pixels {
  const x0 = clamp(Math.floor(rect.x), 0, src.width);
  const y0 = clamp(Math.floor(rect.y), 0, src.height);
  const x1 = clamp(Math.floor(rect.x + rect.width), x0, src.width);
  const y1 = clamp(Math.floor(rect.y + rect.height), y0, src.height);
  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y0 + row) * src.width + x0) * 4;
    data.set(src.data.subarray(from, from + width * 4), row * width * 4);
  }
  return { data, width, height };
}

/** One grey byte per pixel (ITU-R BT.601 weights), optionally inverted (light code on dark ground). */
export function luminance(src: Pixels, invert = false): Uint8ClampedArray {
  const n = src.width * src.height;
  const out = new Uint8ClampedArray(n);
  const d = src.data;
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const y = (d[p]! * 77 + d[p + 1]! * 150 + d[p + 2]! * 29) >> 8;
    out[i] = invert ? 255 - y : y;
  }
  return out;
}

/** The size that fits `width`×`height` within `maxSide` on its longer side, keeping the aspect ratio. */
export function scaleToFit(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  const longer = Math.max(width, height);
  if (longer <= maxSide || longer === 0) return { width, height };
  const k = maxSide / longer;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
