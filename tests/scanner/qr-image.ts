// Test helper: a QR code rendered to RGBA pixels in Node (qrcode's matrix, no canvas needed).
import QRCode from 'qrcode';
import type { Pixels } from '../../src/scanner/crop.js';

/** Renders `text` as a QR with `scale` px per module on a white `size`×`size` image (or just fitting it), centred. */
export function qrPixels(
  text: string,
  opts: { scale?: number; size?: number; invert?: boolean } = {},
): Pixels {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = opts.scale ?? 4;
  const side = opts.size ?? (n + 8) * scale;
  const offset = Math.floor((side - n * scale) / 2);
  const [fg, bg] = opts.invert ? [255, 0] : [0, 255];
  const data = new Uint8ClampedArray(side * side * 4);
  for (let p = 0; p < data.length; p += 4) data.set([bg, bg, bg, 255], p);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      if (!qr.modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++)
          data.set([fg, fg, fg, 255], ((offset + y * scale + dy) * side + offset + x * scale + dx) * 4);
    }
  return { data, width: side, height: side };
}

/** A uniform image with no code in it. */
export function blankPixels(width: number, height: number, grey = 255): Pixels {
  return { data: new Uint8ClampedArray(width * height * 4).fill(grey), width, height };
}

/** `src` placed at the centre of a `width`×`height` image of grey `ground`, as a camera frame shows a code. */
export function onGround(src: Pixels, width: number, height: number, ground = 128): Pixels {
  const out = blankPixels(width, height, ground);
  const x0 = Math.floor((width - src.width) / 2);
  const y0 = Math.floor((height - src.height) / 2);
  for (let y = 0; y < src.height; y++)
    out.data.set(src.data.subarray(y * src.width * 4, (y + 1) * src.width * 4), ((y0 + y) * width + x0) * 4);
  return out;
}

/**
 * `src` blurred by a box of side 2r+1 applied `times` times, alternately along x and y (three passes are close
 * to a Gaussian), or only along `axis` (a smear from motion).
 */
export function blurred(src: Pixels, r: number, times = 3, axis?: 'x' | 'y'): Pixels {
  let cur = src;
  for (let t = 0; t < times; t++) {
    const out = new Uint8ClampedArray(cur.data.length);
    const { width, height } = cur;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < 4; c++) {
          let sum = 0;
          let n = 0;
          for (let d = -r; d <= r; d++) {
            const alongX = axis ? axis === 'x' : t % 2 === 0;
            const xx = x + (alongX ? d : 0);
            const yy = y + (alongX ? 0 : d);
            if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
            sum += cur.data[(yy * width + xx) * 4 + c]!;
            n++;
          }
          out[(y * width + x) * 4 + c] = sum / n;
        }
    cur = { data: out, width, height };
  }
  return cur;
}

/** `src` with its grey range squeezed into [lo, hi] (a dim screen: lifted blacks, grey whites). */
export function squeezed(src: Pixels, lo: number, hi: number): Pixels {
  const data = src.data.map((v, i) => (i % 4 === 3 ? v : lo + ((hi - lo) * v) / 255));
  return { data, width: src.width, height: src.height };
}

/** `src` with uniform noise of ±`amp` grey levels (a fixed-seed generator: the same image every run). */
export function noisy(src: Pixels, amp: number, seed = 7): Pixels {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const data = new Uint8ClampedArray(src.data.length);
  for (let p = 0; p < data.length; p += 4) {
    const n = next() * amp;
    for (let c = 0; c < 3; c++) data[p + c] = src.data[p + c]! + n;
    data[p + 3] = 255;
  }
  return { data, width: src.width, height: src.height };
}
