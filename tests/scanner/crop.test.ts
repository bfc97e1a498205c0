// Crop maths: the centre square tried first, exact pixel copies, grey levels for the JS engine.
import { describe, expect, it } from 'vitest';
import { centreSquare, cropPixels, luminance, scaleToFit, type Pixels } from '../../src/scanner/crop.js';

/** An image whose pixel (x, y) has R = x, G = y, B = 7, A = 255, so any copy can be checked exactly. */
function gradient(width: number, height: number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([x, y, 7, 255], (y * width + x) * 4);
  return { data, width, height };
}

describe('centreSquare', () => {
  it('is a square of the given fraction of the shorter side, centred', () => {
    expect(centreSquare(1280, 720, 0.6)).toEqual({ x: 424, y: 144, width: 432, height: 432 });
    expect(centreSquare(720, 1280, 0.6)).toEqual({ x: 144, y: 424, width: 432, height: 432 });
  });

  it('takes the whole shorter side at fraction 1 on a landscape frame', () => {
    expect(centreSquare(640, 480, 1)).toEqual({ x: 80, y: 0, width: 480, height: 480 });
  });

  it('is null when it would be the whole frame (nothing gained by trying it first)', () => {
    expect(centreSquare(500, 500, 1)).toBeNull();
    expect(centreSquare(500, 500, 1.5)).toBeNull();
  });

  it('is null when too small to hold a readable QR, or when switched off', () => {
    expect(centreSquare(60, 60, 0.5)).toBeNull();
    expect(centreSquare(1280, 720, 0)).toBeNull();
    expect(centreSquare(1280, 720, Number.NaN)).toBeNull();
    expect(centreSquare(0, 720, 0.6)).toBeNull();
  });
});

describe('cropPixels', () => {
  it('copies exactly the pixels of the rectangle', () => {
    const src = gradient(20, 10);
    const out = cropPixels(src, { x: 5, y: 2, width: 4, height: 3 });
    expect([out.width, out.height]).toEqual([4, 3]);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 4; x++)
        expect([...out.data.subarray((y * 4 + x) * 4, (y * 4 + x) * 4 + 4)]).toEqual([5 + x, 2 + y, 7, 255]);
  });

  it('clamps a rectangle reaching past the edges', () => {
    const out = cropPixels(gradient(20, 10), { x: 15, y: -3, width: 10, height: 5 });
    expect([out.width, out.height]).toEqual([5, 2]);
    expect([...out.data.subarray(0, 4)]).toEqual([15, 0, 7, 255]);
  });

  it('does not share memory with the source', () => {
    const src = gradient(8, 8);
    const out = cropPixels(src, { x: 0, y: 0, width: 8, height: 8 });
    out.data[0] = 99;
    expect(src.data[0]).toBe(0);
  });
});

describe('luminance', () => {
  it('maps white to 255 and black to 0, one byte per pixel', () => {
    const img: Pixels = {
      data: new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255]),
      width: 2,
      height: 1,
    };
    expect([...luminance(img)]).toEqual([255, 0]);
  });

  it('weights green most, blue least', () => {
    const img: Pixels = {
      data: new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]),
      width: 3,
      height: 1,
    };
    const [r, g, b] = luminance(img);
    expect(g).toBeGreaterThan(r!);
    expect(r).toBeGreaterThan(b!);
  });

  it('inverts on request', () => {
    const img: Pixels = {
      data: new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255]),
      width: 2,
      height: 1,
    };
    expect([...luminance(img, true)]).toEqual([0, 255]);
  });
});

describe('scaleToFit', () => {
  it('leaves a frame within the limit alone', () => {
    expect(scaleToFit(1280, 720, 1280)).toEqual({ width: 1280, height: 720 });
  });

  it('scales the longer side down to the limit, keeping the aspect ratio', () => {
    expect(scaleToFit(1920, 1080, 1280)).toEqual({ width: 1280, height: 720 });
    expect(scaleToFit(1080, 1920, 1280)).toEqual({ width: 720, height: 1280 });
  });
});
