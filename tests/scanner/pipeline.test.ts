// The per-frame pipeline: which engines run, the passes in order (half size, centre, full frame, then the
// cleaned-up centre), errors as "no code", cancellation.
import { describe, expect, it } from 'vitest';
import { cropPixels, type Pixels, type Rect } from '../../src/scanner/crop.js';
import type { ReaderImpl } from '../../src/scanner/readers.js';
import { decodePixels, engineChain, passes, pixelSource } from '../../src/scanner/pipeline.js';
import type { Reader, ReaderStatus } from '../../src/scanner/types.js';
import { blankPixels } from './qr-image.js';

const yes: ReaderStatus = { available: true };
const no: ReaderStatus = { available: false, reason: 'test' };

/** A fake engine that records the size of every image it is given and answers from `answer`. */
function fake(
  name: Reader,
  answer: (img: Pixels, call: number) => string | null | Error,
  seen: string[] = [],
): ReaderImpl {
  let call = 0;
  return {
    name,
    binarizers: name === 'native' ? ['local'] : ['local', 'global'],
    probe: () => Promise.resolve(yes),
    read(img, binarizer = 'local') {
      seen.push(`${name}:${img.width}x${img.height}${binarizer === 'global' ? ':global' : ''}`);
      const a = answer(img, call++);
      if (a instanceof Error) return Promise.reject(a);
      return Promise.resolve(a === null ? null : { text: a, inverted: false });
    },
  };
}

describe('engineChain', () => {
  it('runs native then wasm, with js only as the fallback for wasm', () => {
    expect(engineChain(['native', 'wasm', 'js'], { native: yes, wasm: yes, js: yes })).toEqual([
      'native',
      'wasm',
    ]);
  });

  it('falls back to js where wasm cannot run', () => {
    expect(engineChain(['native', 'wasm', 'js'], { native: no, wasm: no, js: yes })).toEqual(['js']);
  });

  it('runs exactly the engine forced', () => {
    expect(engineChain(['js'], { native: yes, wasm: yes, js: yes })).toEqual(['js']);
    expect(engineChain(['wasm'], { native: yes, wasm: yes, js: yes })).toEqual(['wasm']);
  });

  it('keeps the order asked for and drops duplicates', () => {
    expect(engineChain(['wasm', 'native', 'wasm'], { native: yes, wasm: yes, js: yes })).toEqual([
      'wasm',
      'native',
    ]);
  });

  it('is empty when nothing selected can run', () => {
    expect(engineChain(['native'], { native: no, wasm: yes, js: yes })).toEqual([]);
  });
});

describe('passes', () => {
  const names = (w: number, h: number, opts = {}) =>
    passes(w, h, opts).map((p) => `${p.region}${p.binarizer === 'global' ? '/global' : ''}`);
  const hard = ['sharpened', 'sharpened', 'smoothed', 'smoothed/global'];

  it.each([
    [
      '1280×720: half size first, then full size, then the cleaned-up centre',
      1280,
      720,
      {},
      ['half', 'centre', 'full', ...hard],
    ],
    ['640×480 (half is 240 high)', 640, 480, {}, ['half', 'centre', 'full', ...hard]],
    ['320×240: no half pass, a module would fall under 2 px', 320, 240, {}, ['centre', 'full', ...hard]],
    ['without the half pass', 1280, 720, { halfFirst: false }, ['centre', 'full', ...hard]],
    ['without the hard passes', 1280, 720, { hard: false }, ['half', 'centre', 'full']],
    ['without the full frame', 1280, 720, { fullFrame: false, hard: false }, ['half', 'centre']],
    ['without the centre', 1280, 720, { centreFraction: 0, hard: false, halfFirst: false }, ['full']],
    [
      'the full frame when there is no centre square',
      1280,
      720,
      { centreFraction: 0, fullFrame: false, hard: false, halfFirst: false },
      ['full'],
    ],
  ])('%s', (_, w, h, opts, expected) => {
    expect(names(w, h, opts)).toEqual(expected);
  });

  it('reads the half pass at half scale and the others at full scale, the hard ones on the centre square', () => {
    const [half, centre, full, ...rest] = passes(1280, 720, {});
    expect(half).toMatchObject({ scale: 0.5, rect: null, filter: 'none' });
    expect(centre).toMatchObject({ scale: 1, rect: { x: 424, y: 144, width: 432, height: 432 } });
    expect(full).toMatchObject({ scale: 1, rect: null });
    expect(rest.map((p) => [p.filter, p.rect?.width])).toEqual([
      ['sharpen', 432],
      ['sharpen-along', 432],
      ['smooth', 432],
      ['smooth', 432],
    ]);
  });
});

describe('decodePixels', () => {
  const frame = blankPixels(1280, 720);
  const never = () => false;

  it('tries every engine on a pass before the next pass, and stops at the first find', async () => {
    const seen: string[] = [];
    const chain = [
      fake('native', () => null, seen),
      fake('wasm', (img) => (img.width === 1280 ? 'HCQ1:X' : null), seen),
    ];
    const outcome = await decodePixels(frame, chain, {}, never);
    expect(seen).toEqual([
      'native:640x360',
      'wasm:640x360',
      'native:432x432',
      'wasm:432x432',
      'native:1280x720',
      'wasm:1280x720',
    ]);
    expect(outcome).toMatchObject({
      status: 'found',
      text: 'HCQ1:X',
      engine: 'wasm',
      region: 'full',
      inverted: false,
    });
  });

  it('reports which engines found nothing, after every pass (the global binarizer only where an engine has it)', async () => {
    const seen: string[] = [];
    const chain = [fake('native', () => null, seen), fake('wasm', () => null, seen)];
    const outcome = await decodePixels(frame, chain, {}, never);
    expect(outcome).toMatchObject({ status: 'none', engines: ['native', 'wasm'] });
    expect(seen.slice(6)).toEqual([
      'native:432x432',
      'wasm:432x432',
      'native:432x432',
      'wasm:432x432',
      'wasm:432x432:global',
    ]);
  });

  it('asks the source for each scale once, and for full size only when the half pass found nothing', async () => {
    const asked: number[] = [];
    const source = pixelSource(frame);
    const counting = { ...source, pixels: (scale: 0.5 | 1) => (asked.push(scale), source.pixels(scale)) };
    await decodePixels(counting, [fake('wasm', () => 'HCQ1:H')], {}, never);
    expect(asked).toEqual([0.5]);
    asked.length = 0;
    await decodePixels(counting, [fake('wasm', () => null)], {}, never);
    expect(asked).toEqual([0.5, 1]);
  });

  it('takes a full-size part from the source itself where it can, without asking for the whole frame', async () => {
    const asked: string[] = [];
    const source = pixelSource(frame);
    const regional = {
      ...source,
      pixels: (scale: 0.5 | 1) => (asked.push(`scale ${scale}`), source.pixels(scale)),
      region: (rect: Rect) => (asked.push(`region ${rect.width}x${rect.height}`), cropPixels(frame, rect)),
    };
    const seen: string[] = [];
    await decodePixels(regional, [fake('wasm', () => null, seen)], { hard: false }, never);
    expect(asked).toEqual(['scale 0.5', 'region 432x432', 'scale 1']);
    expect(seen).toEqual(['wasm:640x360', 'wasm:432x432', 'wasm:1280x720']);
  });

  it('goes on with the next pass when the source cannot give a scale', async () => {
    const source = { width: 1280, height: 720, pixels: (scale: 0.5 | 1) => (scale === 1 ? frame : null) };
    expect(await decodePixels(source, [fake('wasm', () => 'HCQ1:F')], {}, never)).toMatchObject({
      status: 'found',
      region: 'centre',
    });
  });

  it('treats an engine that throws as having found nothing, and goes on to the next', async () => {
    const chain = [fake('native', () => new Error('boom')), fake('wasm', () => 'HCQ1:Y')];
    expect(await decodePixels(frame, chain, {}, never)).toMatchObject({
      status: 'found',
      engine: 'wasm',
      region: 'half',
    });
  });

  it('measures the time taken', async () => {
    let t = 100;
    const outcome = await decodePixels(frame, [fake('js', () => 'HCQ1:Z')], {}, never, () => (t += 7));
    expect(outcome).toMatchObject({ status: 'found', ms: 7 });
  });

  it('stops with "aborted" as soon as the request is cancelled, even when an engine found the code', async () => {
    const seen: string[] = [];
    let cancelled = false;
    const chain = [
      fake(
        'native',
        () => {
          cancelled = true;
          return 'HCQ1:LATE';
        },
        seen,
      ),
      fake('wasm', () => 'HCQ1:W', seen),
    ];
    expect(await decodePixels(frame, chain, {}, () => Promise.resolve(cancelled))).toEqual({
      status: 'aborted',
    });
    expect(seen).toEqual(['native:640x360']);
  });

  it('does not start on a request already cancelled', async () => {
    const seen: string[] = [];
    expect(await decodePixels(frame, [fake('wasm', () => 'HCQ1:W', seen)], {}, () => true)).toEqual({
      status: 'aborted',
    });
    expect(seen).toEqual([]);
  });
});
