// Idle scanning in real Chromium: with nothing new in view the activity gate lets frames go, and a code that
// appears after a long idle is still read, on the frames right after it appears.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildAndServe,
  launchChromium,
  makeQrY4m,
  sequenceY4m,
  type ServedFixture,
} from './harness/index.js';

const HCQ1 =
  'HCQ1:RRQT 9P60GO0$/1GDH:7O5-K8CKV 9.70+M80X53G93F3TLIF9I3F3SLI8UC100000N1L9NCCEC26D3%N0J5 ENHECQAAB6OSCR3MBYM5LD4V-C1UG8KDE-EWJC OE:ECGL7%JC5VC*96DL627BM:GEK6UJU8SFQ/D DE76AX*PRFJ0I4YRL0Y7NIOV$CALO0630.H7BP$ZAZ/S+6H7LSOC65ZOYGJ16GB/K8ZF7A0C2MQDA0IO';
const IDLE_S = 5;
const FPS = 15;

const fixtureRoot = fileURLToPath(new URL('./fixtures/scanner/', import.meta.url));
let served: ServedFixture;
let dir: string;

beforeAll(async () => {
  served = await buildAndServe(fixtureRoot, { worker: { format: 'es' } });
  dir = await mkdtemp(join(tmpdir(), 'checkpoint-idle-'));
});
afterAll(async () => {
  await served?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('skips unchanged frames while idle, and reads a code that appears after the idle', async () => {
  const { png } = await makeQrY4m(HCQ1, { width: 640, height: 480, dir });
  const blank = join(dir, 'blank.png');
  await promisify(execFile)('convert', ['-size', '640x480', 'xc:grey70', `PNG24:${blank}`]);
  const y4m = sequenceY4m(
    [
      { png: blank, seconds: IDLE_S },
      { png, seconds: 3 },
    ],
    join(dir, 'idle-then-code.y4m'),
    FPS,
  );
  const chromium = await launchChromium({ cameraY4m: y4m });
  try {
    const page = await chromium.context.newPage();
    await page.goto(served.url);
    await page.waitForFunction(() => 'scannerFixture' in window);
    // The camera starts at the video's beginning: the idle part, then the code (the video loops after).
    const r = await page.evaluate((ms) => window.scannerFixture.scan(ms), (IDLE_S + 3) * 1000);
    console.info(
      `idle then code: ${r.frames} frames, ${r.skipped} skipped, ${r.found} found, first at ${r.firstFoundMs?.toFixed(0)} ms`,
    );
    expect(r.skipped).toBeGreaterThan(0);
    expect(r.found).toBeGreaterThan(0);
    expect(r.texts[0]).toBe(HCQ1);
    expect(r.firstFoundMs).toBeGreaterThan(IDLE_S * 1000 * 0.5);
  } finally {
    await chromium.close();
  }
});
