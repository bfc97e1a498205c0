// The soak's phone: one Chromium profile kept on disk across launches (its IndexedDB, service worker and code
// cache survive, as on a phone), the app enrolled in it, the writer page in the app's origin, and what the
// device's database holds.
import { chromium } from 'playwright-core';
import { BASE_ARGS, CHROMIUM_PATH, fakeCameraArgs } from '../../scripts/chromium.mjs';

/**
 * Launches Chromium on the profile in `profileDir` (made on first use) with the fake camera showing `cameraY4m`,
 * or Chromium's own test pattern (no code in view) without one. Resolves with {context, close}.
 */
export async function launchPhone(profileDir, { cameraY4m } = {}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...BASE_ARGS, ...fakeCameraArgs(cameraY4m)],
    viewport: { width: 360, height: 740 },
  });
  const errors = [];
  context.on('page', (page) => page.on('pageerror', (e) => errors.push(e.message)));
  return { context, errors, close: () => context.close() };
}

/** Opens the enrolment link as a phone does and waits for the app and its service worker. */
export async function enrol(context, enrolUrl) {
  const page = await context.newPage();
  await page.goto(enrolUrl);
  await page.locator('[data-enrol=done]').waitFor({ timeout: 60_000 });
  await page.locator('.nav').waitFor({ timeout: 60_000 });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  return page;
}

/**
 * The bench page copied into the served app (/bench/index.html), in the app's origin; the service worker is
 * bypassed for it (its navigation fallback would answer with the app).
 */
export async function writerPage(context, origin) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  await page.goto(`${origin}/bench/index.html`);
  await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 60_000 });
  return page;
}

/**
 * What the device's database holds: records, unacknowledged ones, and the device id (raw IndexedDB). Counted key
 * by key; with `{ counted: false }`, the app's own counts in the chain head's row (src/store/log-counts.ts) where
 * it holds them, for polling while a sync runs: a count of every key each second competed with the sync it timed.
 */
export function deviceHolds(page, { counted = true } = {}) {
  return page.evaluate(
    (counted) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('checkpoint');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['records', 'meta'], 'readonly');
          const out = {};
          const records = tx.objectStore('records');
          const meta = tx.objectStore('meta');
          const count = () => {
            records.count().onsuccess = (e) => (out.records = e.target.result);
            records.index('synced').count(0).onsuccess = (e) => (out.pending = e.target.result);
          };
          meta.get('deviceId').onsuccess = (e) => (out.deviceId = e.target.result?.value);
          if (counted) count();
          else
            meta.get('chainHead').onsuccess = (e) => {
              const head = e.target.result?.value;
              if (!Number.isInteger(head?.unsynced)) return count();
              out.records = head.records;
              out.pending = head.unsynced;
            };
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    counted,
  );
}

/** The origin's storage usage (navigator.storage.estimate), bytes. */
export function storageUsage(page) {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? null);
}

/**
 * Runs in the page before the app: stamps when the models are ready, the camera first has a frame to show and
 * the first decision is painted (a mutation observer and the video's events: no polling on the page's thread).
 */
export function startWatcher() {
  const seen = { models: null, video: null, decision: null };
  window.__start = seen;
  const watched = new WeakSet();
  const videoReady = (v) => v.readyState >= 2 && (seen.video ??= performance.now());
  const observer = new MutationObserver(() => {
    if (document.querySelector('.app[data-models="ready"]')) seen.models ??= performance.now();
    for (const v of document.querySelectorAll('video'))
      if (!watched.has(v)) {
        watched.add(v);
        v.addEventListener('loadeddata', () => videoReady(v));
        videoReady(v);
      }
    if (document.querySelector('[data-decision]')) {
      observer.disconnect();
      requestAnimationFrame(() => (seen.decision ??= performance.now()));
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

/**
 * Opens the installed app (service worker, no network) with the CPU throttled `rate`× while the camera shows a
 * code: ms from navigation start to models ready, camera streaming and the first decision painted. The context
 * must be offline already (or the syncer would start uploading during the start).
 */
export async function startToReady(context, url, rate) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.addInitScript(startWatcher);
  await page.goto(url);
  const seen = await untilStarted(page, 60_000);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.close();
  return seen;
}

/** Polls from Node until `startWatcher` saw the first decision; its readings and whether a service worker controls the page. */
export async function untilStarted(page, timeoutMs) {
  // Asked from here, not waited for in the page: Playwright's waitForSelector would first evaluate its injected
  // script (hundreds of kB) on the throttled main thread, in the middle of the start being measured.
  const deadline = Date.now() + timeoutMs;
  while ((await page.evaluate(() => window.__start.decision)) === null) {
    if (Date.now() > deadline) throw new Error(`no decision within ${timeoutMs / 1000} s of opening the app`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const seen = await page.evaluate(() => window.__start);
  const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
  return { ...seen, controlled };
}

/** The page's JS heap in use after a forced full GC (CDP HeapProfiler.collectGarbage, twice), bytes. */
export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return { used: usedSize, jsHeapUsed: metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null };
}
