// The e2e bench's page side: the looping camera video, the watcher run in the page before the app, and the
// longest main-thread task in a Chromium trace.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import QRCode from 'qrcode';

/** Frames per second of the fake camera, seconds each code is shown, seconds of black between. */
export const FPS = 30;
export const CODE_S = 1.5;
export const BLANK_S = 1.0;

/**
 * A looping 640×480 camera video: black, then a code on a white card, for each of `texts` in turn. Every
 * code is new to the app's 3 s repeat filter when it comes round again (the loop is longer than that).
 */
export async function cameraVideo(texts, dir, { blankS = BLANK_S, codeS = CODE_S } = {}) {
  const blank = join(dir, 'blank.png');
  execFileSync('convert', ['-size', '640x480', 'xc:black', `PNG24:${blank}`]);
  const frames = [];
  for (const [i, text] of texts.entries()) {
    const qr = join(dir, `qr-${i}.png`);
    const scene = join(dir, `code-${i}.png`);
    // 4 px modules with the quiet zone as a white card, centred on a dark background.
    await QRCode.toFile(qr, [{ data: text, mode: 'alphanumeric' }], {
      errorCorrectionLevel: 'M',
      margin: 4,
      scale: 4,
    });
    execFileSync('convert', [
      '-size',
      '640x480',
      'xc:grey25',
      qr,
      '-gravity',
      'center',
      '-composite',
      // A white square in the top-left corner marks code frames for the page's watcher (see instrument).
      '-gravity',
      'NorthWest',
      '-fill',
      'white',
      '-draw',
      'rectangle 0,0 15,15',
      `PNG24:${scene}`,
    ]);
    frames.push(blank, scene);
  }
  return scenesToY4m(
    frames.map((png, k) => ({ png, seconds: k % 2 === 0 ? blankS : codeS })),
    join(dir, 'camera.y4m'),
    FPS,
  );
}

/**
 * A Y4M camera video (yuv420p) of still images in turn, each shown for its `seconds`, at `fps`.
 * @param {Array<{ png: string, seconds: number }>} scenes
 * @param {string} y4m
 * @param {number} fps
 * @returns {string} the y4m path
 */
export function scenesToY4m(scenes, y4m, fps) {
  const inputs = scenes.flatMap((s) => ['-loop', '1', '-t', String(s.seconds), '-i', s.png]);
  const concat = `${scenes.map((_, k) => `[${k}:v]`).join('')}concat=n=${scenes.length}:v=1:a=0,fps=${fps},format=yuv420p`;
  execFileSync('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    ...inputs,
    '-filter_complex',
    concat,
    '-f',
    'yuv4mpegpipe',
    y4m,
  ]);
  return y4m;
}

// Runs in the page before the app: a longtask observer, and watchers of the camera video and of the decision
// screen. A code frame carries a white 16×16 square in its top-left corner (blank frames are black). The page's
// thread only wraps each frame (a VideoFrame, no copy) and hands it to a worker of the watcher's own, which reads
// the corner: a copyTo on the page's thread cost 1.5 ms a frame at 4× and up to 39 ms in one frame, which the
// bench then counted as the app's longest task.
// The camera's own timing is not trusted: under load the fake camera falls behind its nominal 30 fps.
export function instrument() {
  const state = { longtasks: [], codeStart: null, lastDismiss: 0, samples: [], frames: 0, watcherMs: 0 };
  window.__bench = state;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longtasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const reader = `onmessage = async ({ data: { seq, frame } }) => {
    const rect = { x: 0, y: 0, width: 16, height: 16 };
    let v = null;
    try {
      const buf = new Uint8Array(frame.allocationSize({ rect }));
      const layout = await frame.copyTo(buf, { rect });
      v = buf[layout[0].offset + 4 * layout[0].stride + 4];
    } catch {}
    frame.close();
    postMessage({ seq, v });
  };`;
  const worker = new Worker(URL.createObjectURL(new Blob([reader], { type: 'text/javascript' })));
  // Frames are judged in the order they came, whatever order the reads finish in.
  const taken = new Map();
  const read = new Map();
  let sent = 0;
  let next = 0;
  worker.onmessage = ({ data }) => {
    read.set(data.seq, data.v);
    while (read.has(next)) {
      const v = read.get(next);
      const at = taken.get(next);
      read.delete(next);
      taken.delete(next);
      next++;
      if (v === null) continue;
      // Y of the corner's first plane (or R of RGBA): the marker is white, the blank frames black.
      const showsCode = v > 128;
      state.frames++;
      if (showsCode && state.codeStart === null) state.codeStart = at;
      if (!showsCode) state.codeStart = null;
    }
  };
  const watched = new WeakSet();
  const watch = (video) => {
    if (watched.has(video)) return;
    watched.add(video);
    const onFrame = (now, meta) => {
      const t0 = performance.now();
      const seq = sent++;
      // When the camera took the frame (captureTime), else when it was shown.
      taken.set(seq, meta.captureTime ?? now);
      try {
        // A VideoFrame wraps the camera's buffer without copying it.
        const frame = new VideoFrame(video);
        worker.postMessage({ seq, frame }, [frame]);
      } catch {
        worker.onmessage({ data: { seq, v: null } });
      }
      state.watcherMs += performance.now() - t0;
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  let shown = false;
  const check = () => {
    for (const v of document.querySelectorAll('video')) watch(v);
    const el = document.querySelector('[data-decision]');
    if (el && !shown) {
      shown = true;
      const from = state.codeStart === null ? null : Math.max(state.codeStart, state.lastDismiss);
      const decision = el.getAttribute('data-decision');
      const result = el.getAttribute('data-result');
      // On screen: the animation frame that paints the new DOM.
      requestAnimationFrame((t) =>
        state.samples.push({ at: t, ms: from === null ? null : t - from, decision, result }),
      );
    }
    if (!el) shown = false;
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-decision'],
  });
}

/**
 * The installed app opened offline with the CPU throttled `rate`×: a first page installs the service worker and
 * decides once (any decision: "unknown key" is one too), then, with the network off, a new page comes, throttled,
 * with `init` run in it before the app; the caller navigates it.
 */
export async function installedOffline(chrome, url, rate, init) {
  const first = await chrome.context.newPage();
  await first.addInitScript(instrument);
  await first.goto(`${url}/`);
  await first.waitForSelector('.app[data-models="ready"]', { timeout: 30_000 });
  await first.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await first.waitForSelector('[data-decision]', { timeout: 30_000 });
  await first.close();
  await chrome.context.setOffline(true);
  const page = await chrome.context.newPage();
  const cdp = await chrome.context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.addInitScript(init);
  return page;
}

/**
 * The page's main-thread tasks in a Chromium trace: the longest by wall time (`ms`), the thread's CPU time in
 * that task (`cpuMs`: far below `ms` when the machine took the core away), and the longest by CPU time.
 */
export function longestRunTask(trace) {
  const events = JSON.parse(trace.toString('utf8')).traceEvents ?? [];
  const mainThreads = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const longest = { ms: 0, cpuMs: 0, longestCpuMs: 0 };
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mainThreads.has(`${e.pid}:${e.tid}`)) continue;
    const cpu = (e.tdur ?? e.dur) / 1000;
    if (e.dur / 1000 > longest.ms) Object.assign(longest, { ms: e.dur / 1000, cpuMs: cpu });
    longest.longestCpuMs = Math.max(longest.longestCpuMs, cpu);
  }
  return longest;
}
