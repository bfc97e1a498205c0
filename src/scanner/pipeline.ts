// How one frame is decoded: which engines, which passes over which pixels, in what order, and when to give up.
import { centreSquare, cropPixels, type Pixels, type Rect } from './crop.js';
import { halve, motionAxis, sharpen, sharpenAlong, smoothStretch } from './enhance.js';
import type { Binarizer, ReaderImpl } from './readers.js';
import type { DecodeOptions, DecodeOutcome, Reader, ReaderStatus, Region } from './types.js';

/** The default side of the centre square, as a fraction of the frame's shorter side (matches the frame guide). */
export const DEFAULT_CENTRE_FRACTION = 0.6;

// A half-size frame shorter than this would shrink a code held at arm's length below 2 px a module.
const MIN_HALF_SIDE = 180;

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

/** The scale a pass reads the frame at: whole, or halved on each side. */
export type Scale = 1 | 0.5;

/** One attempt on a frame: which pixels (scale, part, clean-up) and which binarizer the engines use. */
export interface Pass {
  region: Region;
  scale: Scale;
  /** The part of the full-scale frame, or null for all of it. */
  rect: Rect | null;
  filter: 'none' | 'sharpen' | 'sharpen-along' | 'smooth';
  binarizer: Binarizer;
}

/**
 * The passes, cheapest and likeliest first: the whole frame at half size (a quarter of the pixels; most codes
 * at the door are read here, and halving averages blur and noise away), the centre square and the whole frame
 * at full size (small modules), then the centre square cleaned up: sharpened (lens blur), sharpened along the
 * axis it is smeared along (a moving hand; skipped where there is none), smoothed
 * and stretched with the local and then the global binarizer (a dim screen, its pixel grid, camera noise).
 */
export function passes(width: number, height: number, opts: DecodeOptions): Pass[] {
  const out: Pass[] = [];
  const plain = { filter: 'none', binarizer: 'local' } as const;
  if (opts.halfFirst !== false && Math.min(width, height) / 2 >= MIN_HALF_SIDE)
    out.push({ region: 'half', scale: 0.5, rect: null, ...plain });
  const centre = centreSquare(width, height, opts.centreFraction ?? DEFAULT_CENTRE_FRACTION);
  if (centre) out.push({ region: 'centre', scale: 1, rect: centre, ...plain });
  if (opts.fullFrame !== false || !centre) out.push({ region: 'full', scale: 1, rect: null, ...plain });
  if (opts.hard !== false) {
    const rect = centre;
    out.push(
      { region: 'sharpened', scale: 1, rect, filter: 'sharpen', binarizer: 'local' },
      { region: 'sharpened', scale: 1, rect, filter: 'sharpen-along', binarizer: 'local' },
      { region: 'smoothed', scale: 1, rect, filter: 'smooth', binarizer: 'local' },
      { region: 'smoothed', scale: 1, rect, filter: 'smooth', binarizer: 'global' },
    );
  }
  return out;
}

/**
 * A frame the passes read: its full size, and its pixels at a scale (null where they cannot be read). Each
 * scale is asked for at most once per frame, and only when a pass needs it (the worker draws it then).
 */
export interface FrameSource {
  width: number;
  height: number;
  pixels(scale: Scale): Pixels | null | Promise<Pixels | null>;
  /** `rect` of the full-scale frame, made without the whole frame where the source can (a camera's luma plane). */
  region?(rect: Rect): Pixels | null;
}

/** A FrameSource over pixels already in memory: half size by averaging 2×2 blocks. */
export function pixelSource(frame: Pixels): FrameSource {
  return {
    width: frame.width,
    height: frame.height,
    pixels: (scale) => (scale === 1 ? frame : halve(frame)),
  };
}

/**
 * Decodes the frame with each engine of `chain` on each pass until one finds a code. An engine that throws
 * counts as "no code" for that attempt. `isCancelled` is awaited before and after every attempt so a stale
 * request stops as soon as it can (the worker's version first yields, to receive pending cancellations).
 */
export async function decodePixels(
  frame: Pixels | FrameSource,
  chain: readonly ReaderImpl[],
  opts: DecodeOptions,
  isCancelled: () => boolean | Promise<boolean>,
  now: () => number = () => performance.now(),
): Promise<DecodeOutcome> {
  const start = now();
  const source = 'pixels' in frame ? frame : pixelSource(frame);
  const scaled = new Map<Scale, Promise<Pixels | null>>();
  const parts = new Map<string, Promise<Pixels | null>>();
  const at = (scale: Scale) => {
    if (!scaled.has(scale)) scaled.set(scale, Promise.resolve(source.pixels(scale)));
    return scaled.get(scale)!;
  };
  const part = (p: Pass) => {
    const key = `${p.scale}:${p.rect ? `${p.rect.x},${p.rect.y},${p.rect.width}` : 'all'}:${p.filter}`;
    if (!parts.has(key))
      parts.set(
        key,
        (p.rect && p.scale === 1 && source.region
          ? Promise.resolve(source.region(p.rect))
          : at(p.scale).then((px) => px && (p.rect ? cropPixels(px, p.rect) : px))
        ).then((px) => px && clean(px, p.filter)),
      );
    return parts.get(key)!;
  };
  for (const pass of passes(source.width, source.height, opts)) {
    const engines = chain.filter((e) => pass.binarizer === 'local' || e.binarizers.includes(pass.binarizer));
    if (engines.length === 0) continue;
    if (await isCancelled()) return { status: 'aborted' };
    const pixels = await part(pass);
    if (!pixels) continue;
    for (const engine of engines) {
      if (await isCancelled()) return { status: 'aborted' };
      let found: { text: string; inverted: boolean } | null = null;
      try {
        found = await engine.read(pixels, pass.binarizer);
      } catch {
        found = null;
      }
      if (await isCancelled()) return { status: 'aborted' };
      if (found)
        return {
          status: 'found',
          text: found.text,
          engine: engine.name,
          region: pass.region,
          inverted: found.inverted,
          ms: now() - start,
        };
    }
  }
  return { status: 'none', engines: chain.map((e) => e.name), ms: now() - start };
}

function clean(px: Pixels, filter: Pass['filter']): Pixels | null {
  if (filter === 'sharpen') return sharpen(px, 2, 4);
  if (filter === 'sharpen-along') {
    const axis = motionAxis(px);
    return axis && sharpenAlong(px, axis, 3, 4);
  }
  if (filter === 'smooth') return smoothStretch(px, 1);
  return px;
}

function dedupe<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
