// Decoding measured in the page: every contender on every frame, interleaved.
import { checkpointDecoder, jsqr, zxingLibrary, zxingWasm, type Decode } from './decoders.js';
import { loadFrame, type FrameSpec } from './frames.js';

/** One contender's timings and successes on one frame. */
export interface FrameRun {
  frame: string;
  ms: number[];
  found: number;
  /** Checkpoint only: ms spent in decodePixels, and which engine/region found the code. */
  workerMs?: number[];
  regions?: Record<string, number>;
}

/**
 * Decodes every frame `reps` times with every contender, interleaved (rep → frame → contender) so that
 * load from other work on the machine falls on all of them alike. A decode counts when the text is exact.
 */
export async function decodeBench(opts: {
  base: string;
  frames: FrameSpec[];
  text: string;
  reps: number;
  /** Idle ms before each decode, as between a camera's frames: what one decode leaves running ends before the next. */
  gapMs?: number;
}): Promise<{ runs: Record<string, FrameRun[]>; engines: string }> {
  const images = await Promise.all(opts.frames.map((f) => loadFrame(`${opts.base}/${f.file}`)));
  const cp = await checkpointDecoder('video-frame');
  const contenders: Record<string, Decode> = {
    checkpoint: cp.decode,
    // The scan loop's fallback where there is no VideoFrame: not a contender, Checkpoint's other path.
    'checkpoint-bitmap': (await checkpointDecoder('bitmap')).decode,
    '@zxing/library': zxingLibrary,
    'zxing-wasm': await zxingWasm(),
    jsqr,
  };
  const runs: Record<string, FrameRun[]> = {};
  for (const name of Object.keys(contenders))
    runs[name] = opts.frames.map((f) => ({ frame: f.name, ms: [], found: 0 }));
  // Warm-up: JIT, wasm instantiation and the worker's first frame are not what a door sees all day.
  for (const decode of Object.values(contenders)) for (const img of images.slice(0, 2)) await decode(img);
  for (let rep = 0; rep < opts.reps; rep++) {
    for (const [i, img] of images.entries()) {
      for (const [name, decode] of Object.entries(contenders)) {
        if (opts.gapMs) await new Promise((resolve) => setTimeout(resolve, opts.gapMs));
        const start = performance.now();
        const { text, timing } = await decode(img);
        const ms = timing?.ms ?? performance.now() - start;
        const run = runs[name]![i]!;
        run.ms.push(ms);
        if (text === opts.text) run.found++;
        if (timing) {
          (run.workerMs ??= []).push(timing.workerMs);
          run.regions ??= {};
          run.regions[timing.region] = (run.regions[timing.region] ?? 0) + 1;
        }
      }
    }
  }
  return { runs, engines: cp.engines };
}
