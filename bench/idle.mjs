// idle.cpu_share: the CPU that idle scanning costs (camera on, no code in view) — the page and its decoder
// worker, i.e. the renderer process — as a share of one core, beside a plain zxing-wasm loop at the camera's
// frame rate. The fake camera shows a textured scene with sensor noise that changes every frame.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';
import { buildPage } from './common/page.mjs';
import { runChild } from './common/child.mjs';
import { median } from './common/stats.mjs';
import { serveStatic } from './common/serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, 'bench/.cache');
const FPS = 30;

/** A 1280×720 30 fps camera video of a table-like texture with temporal noise (σ ≈ 3 levels), no code. */
function idleVideo() {
  const dir = join(CACHE, 'idle-v1');
  const y4m = join(dir, 'idle.y4m');
  if (existsSync(y4m)) return y4m;
  mkdirSync(dir, { recursive: true });
  const png = join(dir, 'scene.png');
  execFileSync('convert', [
    '-size',
    '1280x720',
    '-seed',
    '7',
    'plasma:grey40-grey65',
    '-blur',
    '0x4',
    `PNG24:${png}`,
  ]);
  execFileSync('ffmpeg', [
    ...['-y', '-loglevel', 'error', '-loop', '1', '-framerate', String(FPS), '-i', png],
    ...['-vf', 'noise=alls=8:allf=t,format=yuv420p', '-frames:v', String(FPS), '-f', 'yuv4mpegpipe', y4m],
  ]);
  return y4m;
}

/** Cumulative CPU seconds of each Chromium process by type (SystemInfo.getProcessInfo). */
async function cpuByType(cdp) {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  const out = {};
  for (const p of processInfo) out[p.type] = (out[p.type] ?? 0) + p.cpuTime;
  return out;
}

await runChild(async ({ quick }, emit) => {
  const pageDir = join(CACHE, 'page');
  await buildPage(pageDir);
  const server = await serveStatic({ '/': pageDir });
  const chrome = await launchChromium({ cameraY4m: idleVideo() });
  try {
    const page = await chrome.context.newPage();
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 30_000 });
    const browserCdp = await chrome.browser.newBrowserCDPSession();
    const pageCdp = await chrome.context.newCDPSession(page);
    await pageCdp.send('Performance.enable');
    const taskS = async () =>
      (await pageCdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ??
      0;
    const seconds = quick ? 5 : 15;
    const rounds = quick ? 1 : 3;
    const windows = { checkpoint: [], 'zxing-wasm': [], camera: [] };
    // Interleaved, so load from other work on the machine falls on both alike.
    for (let round = 0; round < rounds; round++) {
      for (const kind of ['camera', 'checkpoint', 'zxing-wasm']) {
        await page.evaluate((k) => window.bench.idleStart(k), kind);
        // The first second (camera start, wasm compile, the gate's settling) is not idle.
        await page.waitForTimeout(1500);
        const cpu0 = await cpuByType(browserCdp);
        const task0 = await taskS();
        const t0 = Date.now();
        await page.waitForTimeout(seconds * 1000);
        const cpu1 = await cpuByType(browserCdp);
        const task1 = await taskS();
        const wall = (Date.now() - t0) / 1000;
        const counts = await page.evaluate(() => window.bench.idleStop());
        windows[kind].push({
          renderer: (cpu1.renderer - cpu0.renderer) / wall,
          main_thread: (task1 - task0) / wall,
          others: Object.fromEntries(
            Object.keys(cpu1)
              .filter((t) => t !== 'renderer')
              .map((t) => [t, Number(((cpu1[t] - (cpu0[t] ?? 0)) / wall).toFixed(3))]),
          ),
          fps: Number((counts.frames / (wall + 1.5)).toFixed(1)),
          ...counts,
        });
        await page.waitForTimeout(500);
      }
    }
    // What scanning adds to the renderer (page + worker) over the camera shown alone in the same round.
    const share = (kind) => median(windows[kind].map((w, i) => w.renderer - windows.camera[i].renderer));
    emit('idle.cpu_share', {
      value: share('checkpoint'),
      compare: { 'zxing-wasm loop': share('zxing-wasm') },
      note: `renderer process CPU (page + decoder worker; SystemInfo.getProcessInfo) per wall second above the same page showing the camera without scanning (measured in each round: detail.camera), median of ${rounds} interleaved ${seconds} s windows of idle scanning; fake camera 1280×720 ${FPS} fps, a textured scene with temporal noise and no code. Checkpoint = startCamera + createDecoder + startScanning (activity gate on); contender = rVFC → canvas getImageData → zxing-wasm readBarcodes on the page's thread at the camera's rate. detail.main_thread is CDP Performance.getMetrics TaskDuration of the page's main thread alone`,
      detail: windows,
    });
  } finally {
    await chrome.close();
    await server.close();
  }
});
