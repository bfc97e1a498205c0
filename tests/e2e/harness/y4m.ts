// Making fake-camera videos: a QR (qrencode) placed on a camera-sized frame (ImageMagick), as Y4M (ffmpeg).
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scenesToY4m } from '../../../bench/common/e2e-page.mjs';

const run = promisify(execFile);

/** How the QR appears to the fake camera. */
export interface QrY4mOptions {
  /** Frame size in pixels (default 1280×720, the camera's ideal). */
  width?: number;
  height?: number;
  /** Video length; Chromium loops it (default 1 s). */
  seconds?: number;
  /** Frames per second (default 5; every frame is the same picture, so few are needed). */
  fps?: number;
  /** Side of the code as a fraction of the frame's shorter side (default 0.5). */
  scale?: number;
  /** Light code on a dark ground. */
  invert?: boolean;
  /** Gaussian blur sigma in pixels, as from a camera out of focus (default none). */
  blur?: number;
  /** Degrees to turn the code by, as when held at an angle (default 0). */
  rotate?: number;
  /** Brightness of the white (0-1), as in dim light: 0.35 leaves a dark, low-contrast picture (default 1). */
  dim?: number;
  /** Gaussian noise strength (ImageMagick -attenuate), as from a cheap sensor in low light (default none). */
  noise?: number;
  /** QR error correction level (default M, as HCQ1 requires). */
  level?: 'L' | 'M' | 'Q' | 'H';
  /** Directory for the files (default a new temporary directory). */
  dir?: string;
}

/** The files `makeQrY4m` made: the video for the camera and the still frame it was made from. */
export interface QrY4m {
  y4m: string;
  png: string;
  dir: string;
}

/**
 * Renders `text` as a QR (alphanumeric mode where the text allows it, level M), centres it on a
 * `width`×`height` white frame, optionally turns, inverts, blurs, dims and adds noise (in that order),
 * and writes a yuv420p Y4M video of it.
 * Needs qrencode, ImageMagick's `convert` and ffmpeg on PATH (Debian packages of those names).
 */
export async function makeQrY4m(text: string, opts: QrY4mOptions = {}): Promise<QrY4m> {
  const width = opts.width ?? 1280;
  const height = opts.height ?? 720;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'checkpoint-y4m-')));
  const qr = join(dir, 'qr.png');
  const png = join(dir, 'frame.png');
  const y4m = join(dir, 'camera.y4m');
  await run('qrencode', ['-l', opts.level ?? 'M', '-t', 'PNG', '-s', '1', '-m', '4', '-o', qr, text]);
  const side = Math.round(Math.min(width, height) * (opts.scale ?? 0.5));
  await run('convert', [
    qr,
    '-filter',
    'point',
    '-resize',
    `${side}x${side}`,
    '-background',
    'white',
    ...(opts.rotate ? ['-rotate', String(opts.rotate)] : []),
    '-gravity',
    'center',
    '-extent',
    `${width}x${height}`,
    ...(opts.invert ? ['-negate'] : []),
    ...(opts.blur ? ['-blur', `0x${opts.blur}`] : []),
    ...(opts.dim !== undefined && opts.dim < 1 ? ['+level', `4%,${Math.round(opts.dim * 100)}%`] : []),
    ...(opts.noise ? ['-attenuate', String(opts.noise), '+noise', 'Gaussian'] : []),
    png,
  ]);
  await imageToY4m(png, y4m, { seconds: opts.seconds ?? 1, fps: opts.fps ?? 5 });
  return { y4m, png, dir };
}

/** Makes a Y4M camera video that shows the still image `png` (e.g. a frame without any code). */
export async function imageToY4m(
  png: string,
  y4m: string,
  opts: { seconds: number; fps: number },
): Promise<string> {
  const frames = Math.max(1, Math.round(opts.seconds * opts.fps));
  await run('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    '-loop',
    '1',
    '-framerate',
    String(opts.fps),
    '-i',
    png,
    '-frames:v',
    String(frames),
    '-pix_fmt',
    'yuv420p',
    '-f',
    'yuv4mpegpipe',
    y4m,
  ]);
  return y4m;
}

/** Makes a Y4M camera video of still images in turn, each shown for its `seconds` (e.g. nothing, then a code). */
export function sequenceY4m(
  scenes: Array<{ png: string; seconds: number }>,
  y4m: string,
  fps: number,
): string {
  // One recipe with the bench's camera videos (bench/common/e2e-page.mjs).
  return scenesToY4m(scenes, y4m, fps);
}
