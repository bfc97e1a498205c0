// Diagnosis for start.throttled4x.ready_ms: the bench's offline throttled start (bench/e2e.mjs) repeated for one
// or more builds, interleaved round by round so that the shared machine's load falls on each alike, with
// page-side marks of where the time goes (scripts, database, worker, camera).
//   node bench/browser/start-probe.mjs [--rounds 5] [--trace out.json] label=dist-dir [label=dist-dir ...]
// Prints one line per run and the medians per build. Not a bench group: nothing here is a named figure.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/chromium.mjs';
import { cameraVideo, installedOffline } from '../common/e2e-page.mjs';
import { issuers, makeCodes } from '../common/codes.mjs';
import { serveStatic } from '../common/serve.mjs';
import { median } from '../common/stats.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const THROTTLE = 4;

// Runs in the page before the app: when each step of the start began and ended.
function marks() {
  const t = {};
  window.__marks = t;
  const at = (name) => (t[name] ??= Math.round(performance.now()));
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (c) => {
    at('gum_call');
    return gum(c).then((s) => (at('gum_done'), s));
  };
  const open = indexedDB.open.bind(indexedDB);
  indexedDB.open = (...a) => {
    at('idb_open');
    const r = open(...a);
    r.addEventListener('success', () => at('idb_opened'));
    return r;
  };
  const tx = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
    const t = tx.call(this, stores, mode, ...rest);
    if (mode === 'readwrite' && [stores].flat().includes('records')) {
      at('write_start');
      t.addEventListener('complete', () => at('write_done'));
    }
    return t;
  };
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      at('worker_new');
      this.addEventListener('message', (e) => {
        at('worker_first_msg');
        if (e.data?.type === 'decoded' && e.data.outcome?.status === 'found') at('worker_found');
      });
    }
    postMessage(m, tr) {
      if (m?.type === 'decode') at('first_frame_sent');
      return super.postMessage(m, tr);
    }
  };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) t[e.name] ??= Math.round(e.startTime);
  }).observe({ type: 'paint', buffered: true });
  const watched = new WeakSet();
  const observer = new MutationObserver(() => {
    if (document.querySelector('.app')) at('shell');
    if (document.querySelector('.app[data-models="ready"]')) at('models');
    for (const v of document.querySelectorAll('video'))
      if (!watched.has(v)) {
        watched.add(v);
        v.addEventListener('loadeddata', () => at('video'));
      }
    if (document.querySelector('[data-decision]')) {
      observer.disconnect();
      requestAnimationFrame(() => at('decision'));
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

async function once(url, y4m, tracePath) {
  const chrome = await launchChromium({ cameraY4m: y4m });
  try {
    const page = await installedOffline(chrome, url, THROTTLE, marks);
    if (tracePath)
      await chrome.browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'blink.user_timing',
          'disabled-by-default-v8.cpu_profiler',
          // More, for one look: PROBE_CATEGORIES=fonts,blink ...
          ...(process.env.PROBE_CATEGORIES?.split(',') ?? []),
        ],
      });
    await page.goto(`${url}/`);
    // Polled from here: Playwright's waitForFunction would evaluate its injected script on the throttled page.
    while ((await page.evaluate(() => window.__marks.decision)) === undefined)
      await new Promise((r) => setTimeout(r, 100));
    if (tracePath) writeFileSync(tracePath, await chrome.browser.stopTracing());
    const m = await page.evaluate(() => ({
      ...window.__marks,
      controlled: navigator.serviceWorker.controller !== null,
      resources: performance
        .getEntriesByType('resource')
        .map((r) => [r.name.replace(/^.*\//, ''), Math.round(r.startTime), Math.round(r.responseEnd)]),
    }));
    return m;
  } finally {
    await chrome.close();
  }
}

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const rounds = Number(opt('--rounds', '5'));
const trace = opt('--trace', null);
const builds = argv.map((a) => {
  const [label, dir] = a.split('=');
  return { label, dir: resolve(dir) };
});
const dir = join(ROOT, `bench/.cache/probe-${process.pid}`);
mkdirSync(join(dir, 'steady'), { recursive: true });
const nowS = Math.floor(Date.now() / 1000);
const [text] = makeCodes(1, issuers(), nowS);
const y4m = await cameraVideo([text], join(dir, 'steady'), { blankS: 0.04, codeS: 2 });
const servers = await Promise.all(builds.map((b) => serveStatic({ '/': b.dir }, { spaFallback: true })));
const runs = builds.map(() => []);
const KEYS = [
  'shell',
  'first-contentful-paint',
  'idb_opened',
  'models',
  'worker_new',
  'gum_call',
  'gum_done',
  'video',
  'first_frame_sent',
  'worker_found',
  'write_start',
  'write_done',
  'decision',
];
try {
  for (let r = 0; r < rounds; r++) {
    for (const [i, b] of builds.entries()) {
      const m = await once(servers[i].url, y4m, trace && r === 0 ? `${trace}.${b.label}.json` : null);
      runs[i].push(m);
      console.log(
        b.label,
        r,
        KEYS.map((k) => `${k}=${m[k] ?? '-'}`).join(' '),
        m.controlled ? '' : 'NOT-CONTROLLED',
      );
      if (process.env.PROBE_RESOURCES) console.log(JSON.stringify(m.resources));
    }
  }
  for (const [i, b] of builds.entries()) {
    const med = KEYS.map((k) => `${k}=${median(runs[i].map((m) => m[k] ?? NaN)).toFixed(0)}`);
    console.log('MEDIAN', b.label, med.join(' '));
  }
} finally {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
}
