// A camera frame's luma plane as the decoder's pixels: grey RGBA, exact copies of the Y bytes, cropped and halved.
import { describe, expect, it } from 'vitest';
import { greyRgba, lumaHalfPixels, lumaPixels, type LumaPlane } from '../../src/scanner/luma.js';

/** A plane whose byte at (x, y) is 10·y + x, after `offset` padding bytes and with rows `stride` bytes apart. */
function plane(width: number, height: number, stride = width, offset = 0): LumaPlane {
  const bytes = new Uint8Array(offset + stride * height).fill(255);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) bytes[offset + y * stride + x] = 10 * y + x;
  return { bytes, offset, stride, width, height };
}

/** The grey level of each RGBA pixel, after checking that R = G = B, A = 255 and the levels carried along agree. */
function greys(px: { data: Uint8ClampedArray; grey?: Uint8Array }): number[] {
  const out: number[] = [];
  for (let i = 0; i < px.data.length; i += 4) {
    const [r, g, b, a] = px.data.subarray(i, i + 4);
    expect([g, b, a]).toEqual([r, r, 255]);
    out.push(r!);
  }
  expect(Array.from(px.grey ?? [])).toEqual(out);
  return out;
}

describe('lumaPixels', () => {
  it.each([
    ['a tight plane', plane(4, 3)],
    ['rows padded to a stride, after an offset', plane(4, 3, 8, 5)],
  ])('copies every Y byte of %s as a grey pixel', (_, p) => {
    const px = lumaPixels(p);
    expect([px.width, px.height]).toEqual([4, 3]);
    expect(greys(px)).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
  });

  it('copies a rectangle of the plane, clamped to it', () => {
    const p = plane(4, 3, 6, 2);
    const px = lumaPixels(p, { x: 1, y: 1, width: 2, height: 2 });
    expect([px.width, px.height, ...greys(px)]).toEqual([2, 2, 11, 12, 21, 22]);
    const clamped = lumaPixels(p, { x: 3, y: 2, width: 5, height: 5 });
    expect([clamped.width, clamped.height, ...greys(clamped)]).toEqual([1, 1, 23]);
  });
});

describe('lumaHalfPixels', () => {
  it('averages each 2×2 block (rounded), dropping an odd last row and column', () => {
    const px = lumaHalfPixels(plane(5, 3, 7, 1));
    expect([px.width, px.height]).toEqual([2, 1]);
    // (0 + 1 + 10 + 11) / 4 = 5.5 → 6; (2 + 3 + 12 + 13) / 4 = 7.5 → 8.
    expect(greys(px)).toEqual([6, 8]);
  });

  it('writes into the buffer it is given when that is the right size, else into a new one', () => {
    const into = new Uint8ClampedArray(2 * 1 * 4);
    const px = lumaHalfPixels(plane(5, 3, 7, 1), into);
    expect(px.data).toBe(into);
    expect(greys(px)).toEqual([6, 8]);
    // The same buffer for the next frame: overwritten with that frame's levels.
    const next = plane(5, 3, 7, 1);
    next.bytes.forEach((b, i) => (next.bytes[i] = b + 2));
    expect(greys(lumaHalfPixels(next, into))).toEqual([8, 10]);
    expect(px.data).toBe(into);
    const other = lumaHalfPixels(plane(7, 3, 7, 1), into);
    expect(other.data).not.toBe(into);
    expect([other.width, other.height]).toEqual([3, 1]);
  });
});

describe('greyRgba', () => {
  it('makes each grey level an opaque pixel of that level', () => {
    const px = greyRgba(new Uint8Array([0, 128, 255]), 3, 1);
    expect(Array.from(px.data)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });
});
