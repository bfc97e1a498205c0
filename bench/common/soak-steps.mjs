// The soak's steps on the running app (bench/soak.mjs): the log screen, the full sync, the heap through the
// scan screen, and the purge after retention.
import { deviceHolds, heapAfterGc, storageUsage, writerPage } from './soak-app.mjs';
import { clearSearch, openLog, openScan, pasteDecisions, searchLog } from './soak-ui.mjs';

/** Last 4s present in any soak of 1,000 records or more (sampleEntry gives 1000 + i mod 9000). */
const LAST4 = ['1000', '1234', '1500', '1789', '1999'];

/**
 * From the scan screen: the log opened 5 times (the first is the first after the app started), searched by 5
 * last 4s, and opened once more with the CPU throttled `rate`×.
 */
export async function measureLog(page, context, rate) {
  const opens = [];
  for (let k = 0; k < 5; k++) {
    if (k > 0) await openScan(page);
    opens.push(await openLog(page));
  }
  const searches = [];
  for (const q of LAST4) {
    await clearSearch(page);
    searches.push({ last4: q, ...(await searchLog(page, q)) });
  }
  await clearSearch(page);
  await openScan(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const throttled = await openLog(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.detach();
  return { opens, searches, throttled };
}

/**
 * The log's first open in a new page of the app opened `afterMs` after its models were ready, when staff would
 * open it mid-shift: once the start has settled (src/ui/platform/settle.ts: 3 s at the latest without a decision)
 * and the screens' code has been loaded ahead. The page is closed afterwards.
 */
export async function openLogLater(context, url, afterMs = 4000) {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.locator('.app[data-models="ready"]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(afterMs);
    return { after_ms: afterMs, ...(await openLog(page)) };
  } finally {
    await page.close();
  }
}

/**
 * The network back on: the app's syncer uploads everything pending. Polls the device's pending count each
 * second until it is 0 or `timeoutS` have passed (seconds taken, and the count over time), then asks the
 * server what it holds; the network is off again afterwards.
 */
export async function syncAll(page, context, serverHolds, timeoutS = 1800) {
  const before = await deviceHolds(page);
  await page.evaluate(() => {
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(10_000);
  });
  const online = await page.evaluate(() => performance.now());
  const t0 = Date.now();
  await context.setOffline(false);
  // The \`online\` event starts a run; staff would also tap "Sync now" on the log screen, which joins a
  // running one (or starts one where the event did not).
  await page.locator('.nav__item').nth(2).click();
  const widget = page.locator('.sync[data-sync-state]');
  await widget.waitFor({ timeout: 60_000 });
  const stateAtOnline = await widget.getAttribute('data-sync-state');
  await page
    .locator('.sync__now:not([disabled])')
    .click({ timeout: 2_000 })
    .catch(() => undefined);
  const progress = [];
  let holds = before;
  while (holds.pending > 0 && Date.now() - t0 < timeoutS * 1000) {
    await page.waitForTimeout(1000);
    // The app's own counts while they say records wait; every key counted once they say none do.
    const counts = await deviceHolds(page, { counted: false });
    holds = counts.pending > 0 ? counts : await deviceHolds(page);
    progress.push([Number(((Date.now() - t0) / 1000).toFixed(1)), holds.pending]);
  }
  const seconds = (Date.now() - t0) / 1000;
  await context.setOffline(true);
  const where = await uploadTimeline(page, online);
  const widgetEnd = {
    state: await widget.getAttribute('data-sync-state'),
    text: (await widget.textContent())?.slice(0, 300),
  };
  return {
    done: holds.pending === 0,
    seconds,
    before,
    after: holds,
    server: serverHolds(),
    where,
    widget: { atOnline: stateAtOnline, end: widgetEnd },
    progress,
  };
}

/**
 * Where a sync's time went, from the page's Resource Timing entries of the batch uploads: in the requests
 * (sent until the answer's first byte: the network and the server's ingest), receiving the answers, and on
 * the device between one answer and the next request (reading what is pending, signing, marking synced), in
 * seconds; and the first and last batch's gap, to see whether the device's share grows with the backlog.
 */
async function uploadTimeline(page, online) {
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/v1/batches'))
      .map((e) => [e.startTime, e.responseStart, e.responseEnd]),
  );
  const s = (ms) => Number((ms / 1000).toFixed(2));
  let device = 0;
  let prev = online;
  const gaps = [];
  for (const [start] of entries) {
    gaps.push(start - prev);
    device += start - prev;
    prev = entries[gaps.length - 1][2];
  }
  return {
    batches: entries.length,
    requests_s: s(entries.reduce((t, [a, b]) => t + (b - a), 0)),
    answers_s: s(entries.reduce((t, [, b, c]) => t + (c - b), 0)),
    device_s: s(device),
    gap_ms: { first: Math.round(gaps[1] ?? 0), last: Math.round(gaps.at(-1) ?? 0) },
    request_ms: {
      first: Math.round(entries[0]?.[1] - entries[0]?.[0]),
      last: Math.round(entries.at(-1)?.[1] - entries.at(-1)?.[0]),
    },
  };
}

/**
 * On the scan screen: the first `first` codes pasted and decided, the heap read; the rest in chunks, the heap
 * read after each 2,000 and at the end.
 */
export async function measureHeap(page, context, codes, first) {
  await openScan(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const kinds = {};
  let ms = 0;
  const run = async (chunk) => {
    const r = await pasteDecisions(page, chunk);
    for (const [k, v] of Object.entries(r.kinds)) kinds[k] = (kinds[k] ?? 0) + v;
    return r.ms;
  };
  await run(codes.slice(0, first));
  const base = await heapAfterGc(cdp);
  const samples = [{ decisions: first, ...base }];
  for (let i = first; i < codes.length; i += 500) {
    ms += await run(codes.slice(i, i + 500));
    const done = Math.min(codes.length, i + 500);
    if (Math.floor(done / 2000) > Math.floor((done - 500) / 2000) && done < codes.length)
      samples.push({ decisions: done, ...(await heapAfterGc(cdp)) });
  }
  const after = await heapAfterGc(cdp);
  samples.push({ decisions: codes.length, ...after });
  await cdp.detach();
  return { base, after, samples, kinds, ms };
}

/**
 * The page's clock moved `aheadMs` on (Playwright clock emulation) and the app reloaded online: its syncer
 * uploads what is pending, then deletes acknowledged records past retention. Waits for the records to go.
 */
export async function purgeAfterRetention(page, context, aheadMs, timeoutS = 600) {
  const before = await deviceHolds(page);
  const usage_before = await storageUsage(page);
  await context.clock.install({ time: Date.now() + aheadMs });
  await context.setOffline(false);
  const t0 = Date.now();
  await page.reload();
  let holds = before;
  while (holds.records > 0 && Date.now() - t0 < timeoutS * 1000) {
    await page.waitForTimeout(1000);
    holds = await deviceHolds(page);
  }
  return {
    how: `the app's syncer, the page's clock ${aheadMs / 86_400_000} days on`,
    before,
    usage_before,
    after: holds,
    usage_after: await storageUsage(page),
    seconds: (Date.now() - t0) / 1000,
  };
}

/**
 * The syncer's purge call itself (src/sync/outbox.ts deleteSyncedBefore, retention 14 days) from the writer
 * page, as if `aheadMs` had passed: for when not everything is synced, since the syncer purges only after an
 * upload run has finished.
 */
export async function purgeThroughStore(context, origin, app, aheadMs) {
  const before = await deviceHolds(app);
  const usage_before = await storageUsage(app);
  // The app closed first, so its syncer does not go on uploading once the writer page is loaded online.
  await app.close();
  await context.setOffline(false);
  const writer = await writerPage(context, origin);
  const t0 = Date.now();
  const deleted = await writer.evaluate((ms) => window.bench.soakBench.purge(ms), aheadMs);
  const after = await deviceHolds(writer);
  return {
    how: `deleteSyncedBefore called from the writer page, ${aheadMs / 86_400_000} days on: ${deleted} deleted`,
    before,
    usage_before,
    after,
    usage_after: await storageUsage(writer),
    seconds: (Date.now() - t0) / 1000,
  };
}
