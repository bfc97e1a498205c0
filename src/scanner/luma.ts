// A camera frame's luma plane as the decoder's pixels: grey RGBA made straight from the Y bytes the activity
// gate has already copied, instead of drawing the frame on a canvas (a YUV → RGB conversion of every pixel)
// and reading it back. Pure, no DOM.
import type { Pixels, Rect } from './crop.js';

/** A luma plane: `width`×`height` bytes, `stride` bytes a row from `offset` in `bytes`. */
export interface LumaPlane {
  bytes: Uint8Array;
  offset: number;
  stride: number;
  width: number;
  height: number;
}

// One 32-bit store a pixel where the platform is little-endian (every browser in practice), else four bytes.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The grey RGBA pixels of `rect` of the plane (clamped to it), or of all of it. */
export function lumaPixels(plane: LumaPlane, rect?: Rect): Pixels {
  const x0 = clamp(Math.floor(rect?.x ?? 0), 0, plane.width);
  const y0 = clamp(Math.floor(rect?.y ?? 0), 0, plane.height);
  const x1 = clamp(Math.floor(rect ? rect.x + rect.width : plane.width), x0, plane.width);
  const y1 = clamp(Math.floor(rect ? rect.y + rect.height : plane.height), y0, plane.height);
  const width = x1 - x0;
  const height = y1 - y0;
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = plane.offset + (y0 + y) * plane.stride + x0;
    grey.set(plane.bytes.subarray(from, from + width), y * width);
  }
  return greyRgba(grey, width, height);
}

/**
 * The plane at half size as grey RGBA: each pixel the mean of a 2×2 block (an odd last row or column is dropped).
 * Written into `into` when it is the right size: a buffer the caller reuses from frame to frame.
 */
export function lumaHalfPixels(plane: LumaPlane, into?: Uint8ClampedArray<ArrayBuffer>): Pixels {
  const width = plane.width >> 1;
  const height = plane.height >> 1;
  return greyRgba(halfGreys(plane, width, height), width, height, into);
}

// One grey byte per 2×2 block, in a buffer reused from call to call (the caller turns it into RGBA at once).
let greys = new Uint8Array(0);
function halfGreys(plane: LumaPlane, width: number, height: number): Uint8Array {
  if (greys.length < width * height) greys = new Uint8Array(width * height);
  const { bytes, offset, stride } = plane;
  for (let y = 0, o = 0; y < height; y++) {
    let p = offset + 2 * y * stride;
    for (let x = 0; x < width; x++, o++, p += 2)
      greys[o] = (bytes[p]! + bytes[p + 1]! + bytes[p + stride]! + bytes[p + stride + 1]! + 2) >> 2;
  }
  return greys.subarray(0, width * height);
}

/**
 * Grey levels as RGBA: R = G = B = the level, A = 255; written into `into` when it is the right size. The levels
 * ride along as `grey`.
 */
export function greyRgba(
  grey: Uint8Array,
  width: number,
  height: number,
  into?: Uint8ClampedArray<ArrayBuffer>,
): Pixels {
  const data = into?.length === width * height * 4 ? into : new Uint8ClampedArray(width * height * 4);
  if (LITTLE_ENDIAN) {
    const out = new Uint32Array(data.buffer, data.byteOffset, width * height);
    for (let i = 0; i < out.length; i++) out[i] = 0xff000000 | (grey[i]! * 0x010101);
  } else {
    for (let i = 0, o = 0; i < grey.length; i++, o += 4) {
      data[o] = grey[i]!;
      data[o + 1] = grey[i]!;
      data[o + 2] = grey[i]!;
      data[o + 3] = 255;
    }
  }
  return { data, width, height, grey };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
