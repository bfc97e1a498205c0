// The activity gate: idle camera frames are mostly skipped; a change, a code in view, or the keep-alive decodes.
import { describe, expect, it } from 'vitest';
import {
  createActivityGate,
  decodes,
  meanDifference,
  THUMB_HEIGHT,
  THUMB_OVERSAMPLE,
  THUMB_WIDTH,
  thumbGreys,
  type GateDecision,
} from '../../src/scanner/activity.js';

/** A textured thumbnail around grey `v` (a table, a sleeve: not flat). */
const scene = (v: number) => new Uint8Array(768).map((_, i) => v + ((i * 7) % 13) * 3);

/** Feeds frames 33 ms apart (30 fps); `found` marks frames where the decode found a code. */
function run(frames: Array<{ thumb: Uint8Array; found?: boolean }>): GateDecision[] {
  const gate = createActivityGate();
  return frames.map((f, i) => {
    const d = gate.decide(f.thumb, i * 33);
    if (decodes(d)) gate.found(f.found ?? false);
    return d;
  });
}

describe('createActivityGate', () => {
  it('decodes the first frame, every frame for a second after it, then one frame a second', () => {
    const d = run(Array.from({ length: 80 }, () => ({ thumb: scene(40) })));
    expect(d[0]).toBe('changed');
    expect(d.slice(1, 31).every((x) => x === 'settling')).toBe(true);
    const later = d.slice(31);
    expect(later.filter(decodes).length).toBeLessThanOrEqual(2);
    expect(later.filter((x) => x === 'keep-alive').length).toBeGreaterThanOrEqual(1);
  });

  it('decodes at once the frame in which a code appears after a long idle', () => {
    const frames = Array.from({ length: 90 }, (_, i) => ({ thumb: scene(i < 80 ? 40 : 200) }));
    const d = run(frames);
    expect(d[80]).toBe('changed');
  });

  it.each([
    ['sensor noise of ±3 levels', 3, 'unchanged'],
    ['a change of 10 levels on average', 10, 'changed'],
  ])('after settling, %s is %s', (_, delta, expected) => {
    const frames = Array.from({ length: 60 }, (_, i) => ({
      thumb: i < 59 ? scene(100) : scene(100).map((v, k) => v + (k % 2 ? delta : -delta)),
    }));
    const gate = createActivityGate({ keepAliveMs: 1e9 });
    const d = frames.map((f, i) => gate.decide(f.thumb, i * 33));
    expect(d[59]).toBe(expected);
  });

  it('keeps decoding every frame while a code is held in view, and backs off when it goes', () => {
    const frames = Array.from({ length: 90 }, (_, i) => ({ thumb: scene(90), found: i < 50 }));
    const d = run(frames);
    expect(d.slice(0, 51).every(decodes)).toBe(true);
    expect(d.slice(51).filter((x) => x === 'unchanged').length).toBeGreaterThan(30);
  });

  it.each([
    ['black (lens covered)', new Uint8Array(768)],
    ['a blank wall with a little noise', new Uint8Array(768).map((_, i) => 120 + (i % 3))],
  ])('lets a flat frame go, even the first: %s', (_, thumb) => {
    expect(createActivityGate().decide(thumb, 0)).toBe('flat');
  });
});

describe('meanDifference and thumbGreys', () => {
  it.each([
    [[0, 0, 0], [0, 0, 0], 0],
    [[10, 20, 30], [20, 20, 0], 40 / 3],
    [[], [], 0],
  ])('%j vs %j: %d', (a, b, expected) => {
    expect(meanDifference(Uint8Array.from(a), Uint8Array.from(b))).toBeCloseTo(expected);
  });

  it('averages an RGBA image 4× the size of the thumbnail into grey blocks', () => {
    const w = THUMB_WIDTH * THUMB_OVERSAMPLE;
    const rgba = new Uint8ClampedArray(w * THUMB_HEIGHT * THUMB_OVERSAMPLE * 4);
    // The first block: half white, half black pixels; the second all red; the rest black.
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 8; x++) {
        const v = x < 4 ? (y < 2 ? 255 : 0) : -1;
        rgba.set(v >= 0 ? [v, v, v, 255] : [255, 0, 0, 255], (y * w + x) * 4);
      }
    const thumb = thumbGreys(rgba);
    expect(thumb).toHaveLength(THUMB_WIDTH * THUMB_HEIGHT);
    expect([...thumb.slice(0, 3)]).toEqual([127, 76, 0]);
  });
});
