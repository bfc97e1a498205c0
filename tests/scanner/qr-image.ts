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
