// How one frame is decoded: which engines, which regions, in what order, and when to give up.
import { centreSquare, cropPixels, type Pixels, type Rect } from './crop.js';
import type { ReaderImpl } from './readers.js';
import type { DecodeOptions, DecodeOutcome, Reader, ReaderStatus, Region } from './types.js';

/** The default side of the centre square, as a fraction of the frame's shorter side (matches the frame guide). */
export const DEFAULT_CENTRE_FRACTION = 0.6;

/**
 * The engines to run on each frame, in order: the selected ones that are available, except that the JS
 * engine is only the fallback for the wasm one (it reads fewer codes, more slowly) and is dropped when
 * wasm is selected and available.
 */
export function engineChain(
  selected: readonly Reader[],
  status: Readonly<Record<Reader, ReaderStatus>>,
): Reader[] {
  const usable = dedupe(selected).filter((e) => status[e].available);
  return usable.includes('wasm') ? usable.filter((e) => e !== 'js') : usable;
}

/** The regions to try, centre square first (where the frame guide asks people to hold the code). */
export function regions(
  width: number,
  height: number,
  opts: DecodeOptions,
): Array<{ region: Region; rect: Rect | null }> {
  const out: Array<{ region: Region; rect: Rect | null }> = [];
  const centre = centreSquare(width, height, opts.centreFraction ?? DEFAULT_CENTRE_FRACTION);
  if (centre) out.push({ region: 'centre', rect: centre });
  if (opts.fullFrame !== false || !centre) out.push({ region: 'full', rect: null });
  return out;
}

/**
 * Decodes `frame` with each engine of `chain` on each region until one finds a code. An engine that throws
 * counts as "no code" for that attempt. `isCancelled` is awaited before and after every attempt so a stale
 * request stops as soon as it can (the worker's version first yields, to receive pending cancellations).
 */
export async function decodePixels(
  frame: Pixels,
  chain: readonly ReaderImpl[],
  opts: DecodeOptions,
  isCancelled: () => boolean | Promise<boolean>,
  now: () => number = () => performance.now(),
): Promise<DecodeOutcome> {
  const start = now();
  for (const { region, rect } of regions(frame.width, frame.height, opts)) {
    const pixels = rect ? cropPixels(frame, rect) : frame;
    for (const engine of chain) {
      if (await isCancelled()) return { status: 'aborted' };
      let found: { text: string; inverted: boolean } | null = null;
      try {
        found = await engine.read(pixels);
      } catch {
        found = null;
      }
      if (await isCancelled()) return { status: 'aborted' };
      if (found)
        return {
          status: 'found',
          text: found.text,
          engine: engine.name,
          region,
          inverted: found.inverted,
          ms: now() - start,
        };
    }
  }
  return { status: 'none', engines: chain.map((e) => e.name), ms: now() - start };
}

function dedupe<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
