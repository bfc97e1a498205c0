// The decoding frame set: a realistic 248-character HCQ1 code as a level-M QR (qrcode), placed and degraded
// with ImageMagick like a phone screen or paper held to a camera. Cached under bench/.cache/frames/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { makeCodes } from './codes.mjs';

// Bump when the recipes below change, so a stale cache is never measured.
const RECIPE_VERSION = 5;

/**
 * The frames: [name, set, width, height, module px, ImageMagick operations on the scene]. Each scene is the
 * code with its quiet zone on a grey, slightly textured background, centred with a small offset.
 */
function recipes() {
  const clean = [];
  const offsets = [
    [0, 0],
    [-40, 20],
    [35, -25],
    [-15, -35],
    [25, 30],
  ];
  // The same code at two camera resolutions: larger modules and offsets at 1280x720.
  const sizes = [
    { set: 'clean640', w: 640, h: 480, module: 4, scale: 1 },
    { set: 'clean1280', w: 1280, h: 720, module: 6, scale: 2 },
  ];
  for (const [i, [dx, dy]] of offsets.entries())
    for (const { set, w, h, module, scale } of sizes)
      clean.push({
        name: `${set}-${i}`,
        set,
        w,
        h,
        module: module + (i % 2),
        dx: dx * scale,
        dy: dy * scale,
        ops: [],
      });
  const d = (name, ops, extra = {}) => ({
    name: `degraded-${name}`,
    set: 'degraded',
    w: 640,
    h: 480,
    module: 4,
    dx: 10,
    dy: -5,
    ops,
    ...extra,
  });
  const degraded = [
    d('blur-1.5', ['-blur', '0x1.5']),
    d('blur-2.5', ['-blur', '0x2.5']),
    d('blur-3.5', ['-blur', '0x3.5']),
    d('contrast-30', ['+level', '35%,65%']),
    d('contrast-15', ['+level', '42%,57%']),
    d('contrast-8', ['+level', '46%,54%']),
    d('noise-0.5', ['-attenuate', '0.5', '+noise', 'Gaussian']),
    d('noise-1.0', ['-attenuate', '1.0', '+noise', 'Gaussian']),
    d('noise-1.5', ['-attenuate', '1.5', '+noise', 'Gaussian']),
    d('glare-soft', [], { glare: { r: 90, at: [300, 200], strength: 0.8, compose: 'Screen' } }),
    d('glare-wide', [], { glare: { r: 170, at: [330, 250], strength: 1.0, compose: 'Screen' } }),
    d('glare-hard', [], { glare: { r: 70, at: [300, 215], strength: 0.95, compose: 'Over' } }),
    d('tilt-15', [], { tilt: 0.1 }),
    d('tilt-30', [], { tilt: 0.2 }),
    d('tilt-45', [], { tilt: 0.3 }),
    d('small-3px', [], { module: 3 }),
    d('small-2px', [], { module: 2 }),
    d('small-1.5px', [], { module: 1.5 }),
    d('inverted', ['-negate']),
    d('inverted-blur', ['-negate', '-blur', '0x1.5']),
    d('inverted-noise', ['-negate', '-attenuate', '0.8', '+noise', 'Gaussian']),
    // A phone screen filmed by a phone: the screen's pixel grid beats with the camera's (moiré), a dim screen
    // (black lifted by the glass, white well below paper) and the camera's gain noise, glare on the glass.
    d('screen-moire', ['-blur', '0x0.6'], { screen: { period: 1.08, angle: 5, depth: 0.3 } }),
    d('screen-moire-strong', ['-blur', '0x0.8'], { screen: { period: 1.14, angle: 12, depth: 0.45 } }),
    d('screen-dim', NOISY, { screen: { period: 1.1, angle: 3, depth: 0.2, level: '30%,52%' } }),
    d('screen-dim-moire', NOISY, { screen: { period: 1.06, angle: 9, depth: 0.4, level: '28%,55%' } }),
    d('screen-glare', ['-blur', '0x0.7'], {
      screen: { period: 1.1, angle: 7, depth: 0.3 },
      glare: { r: 120, at: [310, 230], strength: 0.85, compose: 'Screen' },
    }),
    // JPEG artefacts (a code sent through a chat app and shown again), at falling quality.
    d('jpeg-q25', [], { jpeg: 25 }),
    d('jpeg-q12', [], { jpeg: 12 }),
    d('jpeg-q6', [], { jpeg: 6 }),
    d('jpeg-screen', ['-blur', '0x0.6'], { screen: { period: 1.1, angle: 6, depth: 0.3 }, jpeg: 15 }),
    // Motion blur: the hand moving the phone past the camera (pixels of smear, angle).
    d('motion-4', ['-motion-blur', '0x4+0']),
    d('motion-7-diagonal', ['-motion-blur', '0x7+35']),
    d('motion-6-vertical', ['-motion-blur', '0x6+90']),
  ];
  return [...clean, ...degraded];
}

// Sensor noise of a camera turning its gain up for a dim screen.
const NOISY = ['-blur', '0x0.6', '-attenuate', '0.6', '+noise', 'Gaussian'];

/** The condition a frame's name stands for (its first word: blur, screen, jpeg, motion…), for per-condition rates. */
export function conditionOf(frameName) {
  return frameName.replace(/^degraded-/, '').split('-')[0];
}

function magick(args) {
  execFileSync('convert', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function sceneArgs(r, qrPng, side) {
  // The background: mid grey with a faint fixed-seed texture (a table, a sleeve), not a flat colour.
  const args = [
    '-size',
    `${r.w}x${r.h}`,
    '-seed',
    '7',
    'plasma:grey45-grey60',
    '-blur',
    '0x4',
    '-colorspace',
    'Gray',
  ];
  const qr = ['(', qrPng, '-filter', r.module % 1 === 0 ? 'Point' : 'Triangle', '-resize', `${side}x${side}`];
  if (r.tilt) {
    // Perspective: the top edge pulled in and down, as when the phone is tilted away from the camera.
    const k = r.tilt * side;
    qr.push(
      '-virtual-pixel',
      'transparent',
      '-alpha',
      'set',
      '-distort',
      'Perspective',
      `0,0 ${k},${k / 2}  ${side},0 ${side - k},${k / 2}  0,${side} 0,${side}  ${side},${side} ${side},${side}`,
    );
  }
  if (r.screen) qr.push(...screenArgs(r.screen));
  qr.push(')');
  const x = Math.round((r.w - side) / 2 + r.dx);
  const y = Math.round((r.h - side) / 2 + r.dy);
  args.push(...qr, '-geometry', `+${x}+${y}`, '-composite');
  if (r.glare) {
    const g = r.glare;
    args.push(
      '(',
      '-size',
      `${g.r * 2}x${g.r * 2}`,
      `radial-gradient:rgba(255,255,255,${g.strength})-rgba(255,255,255,0)`,
      ')',
      '-geometry',
      `+${g.at[0] - g.r}+${g.at[1] - g.r}`,
      '-compose',
      g.compose,
      '-composite',
      '-compose',
      'Over',
    );
  }
  return args;
}

// The code on a screen: multiplied by a grating just finer than the camera's pixels (sampling it aliases into
// moiré bands), then the screen's dim range.
function screenArgs(s) {
  const a = (s.angle * Math.PI) / 180;
  const wave = (c, sn) => `cos(2*pi*(i*${c.toFixed(4)}+j*${sn.toFixed(4)})/${s.period})`;
  const fx = `${1 - s.depth}+${s.depth / 2}*(${wave(Math.cos(a), Math.sin(a))}+${wave(-Math.sin(a), Math.cos(a))})/2+${s.depth / 2}`;
  return [
    '(',
    '+clone',
    '-fx',
    fx,
    ')',
    '-compose',
    'Multiply',
    '-composite',
    '-compose',
    'Over',
    ...(s.level ? ['+level', s.level] : []),
  ];
}

/**
 * Makes (or reuses) the frame set for `text` and returns [{name, set, file, w, h}]. The cache key covers the
 * text and the recipes, so changing either regenerates the frames.
 */
export async function frameSet(cacheDir, text = makeCodes(1)[0]) {
  const key = createHash('sha256')
    .update(`${RECIPE_VERSION}\n${text}\n${JSON.stringify(recipes())}`)
    .digest('hex')
    .slice(0, 12);
  const dir = join(cacheDir, `frames-${key}`);
  const index = join(dir, 'index.json');
  if (existsSync(index)) return JSON.parse(readFileSync(index, 'utf8'));
  mkdirSync(dir, { recursive: true });
  const qrPng = join(dir, 'qr-1px.png');
  // One pixel per module, quiet zone of 4 modules; level M and alphanumeric mode, as spec §1 requires.
  await QRCode.toFile(qrPng, [{ data: text, mode: 'alphanumeric' }], {
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 1,
  });
  const modules = Number(execFileSync('identify', ['-format', '%w', qrPng]).toString());
  const frames = [];
  for (const r of recipes()) {
    const file = join(dir, `${r.name}.png`);
    const side = Math.round(modules * r.module);
    magick([
      ...sceneArgs(r, qrPng, side),
      ...r.ops,
      '-colorspace',
      'sRGB',
      '-type',
      'TrueColor',
      ...(r.jpeg ? ['-quality', String(r.jpeg), `JPG:${file}.jpg`] : [`PNG24:${file}`]),
    ]);
    // Through JPEG and back: the frame keeps the blocks and ringing, the page loads a PNG like every other.
    if (r.jpeg) {
      magick([`${file}.jpg`, '-type', 'TrueColor', `PNG24:${file}`]);
      rmSync(`${file}.jpg`);
    }
    frames.push({ name: r.name, set: r.set, file: `${r.name}.png`, w: r.w, h: r.h });
  }
  writeFileSync(index, JSON.stringify({ dir, text, modules, frames }, null, 2));
  return { dir, text, modules, frames };
}
