// Image clean-ups for the hard passes: halving, unsharp masking (blur, motion), smoothing with a stretched
// range (dim, noisy screens). Pure, no DOM; every result is grey in RGBA, the shape the engines take.
import type { Pixels } from './crop.js';

/** The image at half its width and height, each pixel the mean of a 2×2 block (averaging also denoises). */
export function halve(src: Pixels): Pixels {
  const width = src.width >> 1;
  const height = src.height >> 1;
  const out = new Uint8ClampedArray(width * height * 4);
  const d = src.data;
  const row = src.width * 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (2 * y * src.width + 2 * x) * 4;
      let sum = 0;
      for (const q of [p, p + 4, p + row, p + row + 4]) sum += d[q]! * 77 + d[q + 1]! * 150 + d[q + 2]! * 29;
      out.fill(sum >> 10, (y * width + x) * 4, (y * width + x) * 4 + 3);
      out[(y * width + x) * 4 + 3] = 255;
    }
  }
  return { data: out, width, height };
}

/**
 * Unsharp mask: each grey level pushed away from its neighbourhood's mean (`radius` px, box blur applied
 * twice, close to a Gaussian) by `amount`. Restores module edges a lens blur or a moving hand smeared.
 */
export function sharpen(src: Pixels, radius: number, amount: number): Pixels {
  const y = grey(src);
  const mean = boxBlur(boxBlur(y, src.width, src.height, radius), src.width, src.height, radius);
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + amount * (y[i]! - mean[i]!);
  return rgba(y, src.width, src.height);
}

/**
 * The axis a moving hand smeared the image along, from its edges: the one with clearly less contrast from
 * pixel to pixel (under 0.8 of the other's), or null where neither is (still, or blurred alike both ways).
 */
export function motionAxis(src: Pixels): 'x' | 'y' | null {
  const y = grey(src);
  const w = src.width;
  let gx = 0;
  let gy = 0;
  for (let i = w; i < y.length; i++) {
    gx += Math.abs(y[i]! - y[i - 1]!);
    gy += Math.abs(y[i]! - y[i - w]!);
  }
  if (gy < 0.8 * gx) return 'y';
  if (gx < 0.8 * gy) return 'x';
  return null;
}

/** Unsharp mask along one axis only (`radius` px, box blur twice): undoes a smear in that direction. */
export function sharpenAlong(src: Pixels, axis: 'x' | 'y', radius: number, amount: number): Pixels {
  const { width, height } = src;
  const y = grey(src);
  const line = axis === 'x' ? [width, height, 1, width] : [height, width, width, 1];
  const [len, lines, step, stride] = line as [number, number, number, number];
  const once = blurLines(y, len, lines, step, stride, radius);
  const mean = blurLines(once, len, lines, step, stride, radius);
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + amount * (y[i]! - mean[i]!);
  return rgba(y, width, height);
}

/**
 * Box-smoothed (`radius` px) and stretched so the darkest and lightest 1 % become black and white: a dim
 * screen's narrow, noisy range spread over the whole scale, the screen's pixel grid averaged away.
 */
export function smoothStretch(src: Pixels, radius: number): Pixels {
  const y = boxBlur(grey(src), src.width, src.height, radius);
  const [lo, hi] = percentiles(y, 0.01);
  const k = 255 / Math.max(1, hi - lo);
  for (let i = 0; i < y.length; i++) y[i] = (y[i]! - lo) * k;
  return rgba(y, src.width, src.height);
}

function grey(src: Pixels): Float32Array {
  const n = src.width * src.height;
  const out = new Float32Array(n);
  const d = src.data;
  for (let i = 0, p = 0; i < n; i++, p += 4) out[i] = (d[p]! * 77 + d[p + 1]! * 150 + d[p + 2]! * 29) / 256;
  return out;
}

function rgba(y: Float32Array, width: number, height: number): Pixels {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, p = 0; i < y.length; i++, p += 4) {
    const v = y[i]!;
    out[p] = v;
    out[p + 1] = v;
    out[p + 2] = v;
    out[p + 3] = 255;
  }
  return { data: out, width, height };
}

/** Mean over a (2r+1)² square, edges clamped: along rows, then along columns. */
function boxBlur(src: Float32Array, width: number, height: number, r: number): Float32Array {
  return blurLines(blurLines(src, width, height, 1, width, r), height, width, width, 1, r);
}

/** Mean over 2r+1 pixels along each of `lines` lines of `len` pixels (`step` apart, lines `stride` apart). */
function blurLines(
  from: Float32Array,
  len: number,
  lines: number,
  step: number,
  stride: number,
  r: number,
): Float32Array {
  const to = new Float32Array(from.length);
  const n = 2 * r + 1;
  for (let line = 0; line < lines; line++) {
    const base = line * stride;
    const at = (i: number) => from[base + Math.min(len - 1, Math.max(0, i)) * step]!;
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += at(i);
    for (let i = 0; i < len; i++) {
      to[base + i * step] = sum / n;
      sum += at(i + r + 1) - at(i - r);
    }
  }
  return to;
}

/** The grey levels below which and above which `share` of the pixels lie. */
function percentiles(y: Float32Array, share: number): [number, number] {
  const hist = new Uint32Array(256);
  for (const v of y) hist[Math.min(255, Math.max(0, Math.round(v)))]!++;
  const cut = y.length * share;
  let lo = 0;
  for (let acc = 0; lo < 255 && acc + hist[lo]! < cut; lo++) acc += hist[lo]!;
  let hi = 255;
  for (let acc = 0; hi > 0 && acc + hist[hi]! < cut; hi--) acc += hist[hi]!;
  return [lo, Math.max(lo, hi)];
}
