// The clean-ups behind the hard passes: halving averages, sharpening steepens edges, smoothing stretches a
// narrow range; and on a real engine, the codes each pass is there for.
import { describe, expect, it } from 'vitest';
import type { Pixels } from '../../src/scanner/crop.js';
import { halve, motionAxis, sharpen, sharpenAlong, smoothStretch } from '../../src/scanner/enhance.js';
import { decodePixels } from '../../src/scanner/pipeline.js';
import { jsReader } from '../../src/scanner/readers.js';
import { blankPixels, blurred, noisy, onGround, qrPixels, squeezed } from './qr-image.js';

const TEXT = 'HCQ1:RRQT 9P60GO0$/1GDH:7O5-K8CKV 9.70+M80X53G93F3TLIF9I3F3SLI8UC1';

/** An image from rows of grey levels. */
function image(rows: number[][]): Pixels {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint8ClampedArray(width * height * 4);
  rows.flat().forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return { data, width, height };
}

const greys = (px: Pixels) => [...px.data].filter((_, i) => i % 4 === 0);

describe('halve', () => {
  it.each([
    [
      '4×2 → 2×1, each pixel the mean of its 2×2 block',
      [
        [0, 100, 200, 200],
        [100, 200, 200, 200],
      ],
      [100, 200],
    ],
    [
      'an odd last column or row is dropped',
      [
        [40, 40, 9],
        [40, 40, 9],
        [9, 9, 9],
      ],
      [40],
    ],
  ])('%s', (_, rows, expected) => {
    const out = halve(image(rows));
    expect(greys(out)).toEqual(expected);
    expect(out.data[3]).toBe(255);
  });
});

describe('sharpen', () => {
  it('leaves a flat image flat', () => {
    expect(new Set(greys(sharpen(blankPixels(20, 20, 90), 2, 4)))).toEqual(new Set([90]));
  });

  it('steepens an edge: the dark side darker, the light side lighter', () => {
    const edge = image(Array.from({ length: 9 }, () => [60, 60, 60, 60, 100, 140, 180, 180, 180, 180]));
    const row = greys(sharpen(edge, 2, 4)).slice(40, 50);
    expect(row[3]).toBeLessThan(60);
    expect(row[6]).toBeGreaterThan(180);
  });
});

describe('motionAxis and sharpenAlong', () => {
  const code = qrPixels(TEXT, { scale: 4 });
  it.each([
    ['smeared along y', blurred(code, 3, 2, 'y'), 'y'],
    ['smeared along x', blurred(code, 3, 2, 'x'), 'x'],
    ['blurred alike both ways', blurred(code, 2, 4), null],
    ['sharp', code, null],
  ])('finds the axis of an image %s', (_, img, axis) => {
    expect(motionAxis(img)).toBe(axis);
  });

  it('sharpens across one axis only: a vertical edge is untouched by sharpening along y', () => {
    const edge = image(Array.from({ length: 9 }, () => [60, 60, 60, 60, 100, 140, 180, 180, 180, 180]));
    expect(greys(sharpenAlong(edge, 'y', 2, 4))).toEqual(greys(edge));
    expect(greys(sharpenAlong(edge, 'x', 2, 4))[3]).toBeLessThan(60);
  });
});

describe('smoothStretch', () => {
  it('spreads a narrow range over black to white', () => {
    const narrow = image(
      Array.from({ length: 10 }, (_, y) =>
        Array.from({ length: 10 }, (_, x) => ((x + y) % 2 ? 150 : 110) + (x < 5 ? 0 : 0)),
      ),
    );
    const half = image(
      Array.from({ length: 20 }, () => Array.from({ length: 20 }, (_, x) => (x < 10 ? 110 : 150))),
    );
    const out = greys(smoothStretch(half, 1));
    expect(Math.min(...out)).toBe(0);
    expect(Math.max(...out)).toBe(255);
    expect(greys(smoothStretch(narrow, 1)).every((v) => v >= 0 && v <= 255)).toBe(true);
  });
});

describe('the passes on a real engine (@zxing/library)', () => {
  const chain = [jsReader()];
  const code = qrPixels(TEXT, { scale: 4 });
  const never = () => false;
  const dim = noisy(onGround(squeezed(code, 96, 128), 640, 480, 100), 28);

  it.each([
    ['a sharp code: the half-size pass', onGround(code, 640, 480), 'half'],
    ['a blurred code: the sharpened centre', onGround(blurred(code, 2), 640, 480), 'sharpened'],
    [
      'a code smeared up and down: the sharpened centre',
      onGround(blurred(code, 2, 3, 'y'), 640, 480),
      'sharpened',
    ],
    ['a dim, noisy screen: the smoothed centre', dim, 'smoothed'],
  ])('%s', async (_, frame, region) => {
    const outcome = await decodePixels(frame, chain, {}, never);
    expect(outcome).toMatchObject({ status: 'found', text: TEXT, region });
  });

  it.each([
    ['blurred', onGround(blurred(code, 2), 640, 480)],
    ['dim and noisy', dim],
  ])('the %s code is missed without the hard passes', async (_, frame) => {
    expect(await decodePixels(frame, chain, { hard: false }, never)).toMatchObject({ status: 'none' });
  });
});
