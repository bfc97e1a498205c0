// The per-frame pipeline: which engines run, centre before full frame, errors as "no code", cancellation.
import { describe, expect, it } from 'vitest';
import type { Pixels } from '../../src/scanner/crop.js';
import type { ReaderImpl } from '../../src/scanner/readers.js';
import { decodePixels, engineChain, regions } from '../../src/scanner/pipeline.js';
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
    probe: () => Promise.resolve(yes),
    read(img) {
      seen.push(`${name}:${img.width}x${img.height}`);
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

describe('regions', () => {
  it('tries the centre square first, then the full frame', () => {
    expect(regions(1280, 720, {}).map((r) => r.region)).toEqual(['centre', 'full']);
  });

  it('can skip the full frame, or the centre', () => {
    expect(regions(1280, 720, { fullFrame: false }).map((r) => r.region)).toEqual(['centre']);
    expect(regions(1280, 720, { centreFraction: 0 }).map((r) => r.region)).toEqual(['full']);
  });

  it('always tries something: the full frame when there is no centre square', () => {
    expect(regions(1280, 720, { centreFraction: 0, fullFrame: false }).map((r) => r.region)).toEqual([
      'full',
    ]);
  });
});

describe('decodePixels', () => {
  const frame = blankPixels(1280, 720);
  const never = () => false;

  it('tries every engine on the centre before any on the full frame, and stops at the first find', async () => {
    const seen: string[] = [];
    const chain = [
      fake('native', () => null, seen),
      fake('wasm', (img) => (img.width === 1280 ? 'HCQ1:X' : null), seen),
    ];
    const outcome = await decodePixels(frame, chain, {}, never);
    expect(seen).toEqual(['native:432x432', 'wasm:432x432', 'native:1280x720', 'wasm:1280x720']);
    expect(outcome).toMatchObject({
      status: 'found',
      text: 'HCQ1:X',
      engine: 'wasm',
      region: 'full',
      inverted: false,
    });
  });

  it('reports which engines found nothing', async () => {
    const outcome = await decodePixels(frame, [fake('wasm', () => null)], {}, never);
    expect(outcome).toMatchObject({ status: 'none', engines: ['wasm'] });
  });

  it('treats an engine that throws as having found nothing, and goes on to the next', async () => {
    const chain = [fake('native', () => new Error('boom')), fake('wasm', () => 'HCQ1:Y')];
    expect(await decodePixels(frame, chain, {}, never)).toMatchObject({
      status: 'found',
      engine: 'wasm',
      region: 'centre',
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
    expect(seen).toEqual(['native:432x432']);
  });

  it('does not start on a request already cancelled', async () => {
    const seen: string[] = [];
    expect(await decodePixels(frame, [fake('wasm', () => 'HCQ1:W', seen)], {}, () => true)).toEqual({
      status: 'aborted',
    });
    expect(seen).toEqual([]);
  });
});
