// soak.*: the long shift, against the real app and server. `checkpoint serve` (SQLite) serves the built app; a
// phone (one Chromium profile kept across launches) enrols from a venue's link; 100,000 decisions are appended
// to its database through src/store appendDecision in the app's origin (fast, not through the camera). Then:
// the installed app's start offline, CPU throttled 4×, to its first decision; the log screen's first paint and
// its search by last 4 through the UI; the full sync of every pending record (counted on the server with
// `checkpoint export`); the JS heap after 10,000 decisions pasted through the scan screen against after 100;
// and the purge once the records are past the device's retention (the page's clock moved on).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keysFileJson } from '../lib/core/trust.js';
import { DIST, isStale } from '../scripts/builds.mjs';
import { APP_DIST, buildApp } from './bundle.mjs';
import { runChild } from './common/child.mjs';
import { issuers, makeCodes } from './common/codes.mjs';
import { cameraVideo } from './common/e2e-page.mjs';
import { buildPage } from './common/page.mjs';
import { median } from './common/stats.mjs';
import { checkpointCli, serverHolds, startServe } from './common/soak-server.mjs';
import {
  deviceHolds,
  enrol,
  launchPhone,
  startToReady,
  storageUsage,
  writerPage,
} from './common/soak-app.mjs';
import {
  measureLog,
  openLogLater,
  measureHeap,
  syncAll,
  purgeAfterRetention,
  purgeThroughStore,
} from './common/soak-steps.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const THROTTLE = 4;
const DAY = 86_400_000;
/** How long the full run waits for the sync of every pending record (100,000 at 275 /s took 6 min here). */
const SYNC_S = 900;

await runChild(async ({ quick }, emit) => {
  const n = quick ? 1_000 : 100_000;
  const uiDecisions = quick ? 200 : 10_000;
  const began = Date.now();
  const log = (line) =>
    process.stderr.write(`soak: ${((Date.now() - began) / 1000).toFixed(0)} s: ${line}\n`);
  // The app as the bundle group builds it, with the bench page copied in (same origin as the app).
  if (isStale(ROOT, relative(ROOT, join(APP_DIST, 'index.html')), DIST.sources)) await buildApp();
  const work = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const served = join(work, 'dist');
  cpSync(APP_DIST, served, { recursive: true });
  // The bench page as the browser group builds it (reused when its sources are older).
  const page = join(ROOT, 'bench/.cache/page');
  if (isStale(ROOT, relative(ROOT, join(page, 'index.html')), [...DIST.sources, 'bench/browser/page']))
    await buildPage(page);
  cpSync(page, join(served, 'bench'), { recursive: true });
  const data = join(work, 'data');
  const profile = join(work, 'profile');
  mkdirSync(data);
  const nowS = Math.floor(Date.now() / 1000);
  const keys = issuers();
  const keysFile = join(work, 'keys.json');
  writeFileSync(keysFile, JSON.stringify(keysFileJson(keys.map((k) => k.key))));
  checkpointCli(data, 'trust', 'add', keysFile);
  const server = await startServe({ data, dist: served });
  log('app built, serve started');
  // After serve has started: the enrolment link names the server's public URL, which serve stores.
  const venue = checkpointCli(
    data,
    'venue',
    'add',
    '--name',
    'Soak',
    '--category',
    'office',
    '--policy',
    'zhejiang-2020',
  );
  const phones = [];
  const phone = async (opts) => {
    const p = await launchPhone(profile, opts);
    phones.push(p);
    return p;
  };
  try {
    // 1. Enrol; the installed app's start with an empty log, offline, as the baseline of step 2; then the long
    // shift written through appendDecision, spread over the 13 days before now (inside the device's 14-day
    // retention), as a door's log of a fortnight. No app page is open while the writer writes.
    const y4mDir = join(work, 'camera');
    mkdirSync(y4mDir);
    const y4m = await cameraVideo(makeCodes(1, keys, nowS), y4mDir, { blankS: 0.04, codeS: 2 });
    let p = await phone({ cameraY4m: y4m });
    await (await enrol(p.context, String(venue.enrolUrl))).close();
    await p.context.setOffline(true);
    const empty = [];
    for (let k = 0; k < (quick ? 0 : 2); k++)
      empty.push(await startToReady(p.context, `${server.url}/`, THROTTLE));
    log(`starts with the log empty: ${empty.map((e) => e.decision?.toFixed(0)).join(', ')} ms`);
    await p.context.setOffline(false);
    const writer = await writerPage(p.context, server.url);
    const t0 = Date.now();
    const w = await writer.evaluate((o) => window.bench.soakBench.write(o), {
      n,
      venueId: String(venue.id),
      fromMs: t0 - 13 * DAY,
      toMs: t0 - 60_000,
    });
    log(`${n} decisions written at ${w.appends_per_s.toFixed(0)} /s`);
    const held = await deviceHolds(writer);
    await p.close();
    const how = `${n.toLocaleString('en')} decisions (${held.records} records on the device) appended through src/store appendDecision (strict durability) in the app's origin at ${w.appends_per_s.toFixed(0)} /s, spread over 13 days${quick ? ' (quick: not 100,000)' : ''}; Chromium, built app from \`checkpoint serve\` (SQLite); red codes reported as 001 §2(1) asks`;
    emit('soak.100k.bytes_per_record', {
      value: w.usage_before !== null && w.usage_after !== null ? (w.usage_after - w.usage_before) / n : null,
      note: `navigator.storage.estimate() usage after minus before the writes, over the records (${w.usage_before} → ${w.usage_after} B); ${how}`,
      detail: w,
    });

    // 2. The installed app opened offline with a code in view, CPU throttled: a first start warms the profile,
    // the second is measured.
    p = await phone({ cameraY4m: y4m });
    await p.context.setOffline(true);
    const warm = await startToReady(p.context, `${server.url}/`, THROTTLE);
    const s = await startToReady(p.context, `${server.url}/`, THROTTLE);
    await p.close();
    emit('soak.100k.start_ms', {
      value: s.decision,
      note: `as start.throttled4x.ready_ms with the soak's log in the database: CPU throttled ${THROTTLE}×, network off, service worker installed at enrolment (controlling: ${s.controlled}); a new page opens the app while the fake camera shows a code: from navigation start to the first decision painted (models ready ${s.models?.toFixed(0)} ms, camera streaming ${s.video?.toFixed(0)} ms; the warm-up start before it: ${warm.decision?.toFixed(0)} ms; the same two starts with the log empty, before the writes: ${quick ? 'not measured in quick runs' : `${empty.map((e) => e.decision?.toFixed(0)).join(' and ')} ms`}); ${how}`,
      detail: { warm, measured: s, empty_log: empty },
    });

    // 3. The log and its search through the UI (offline, so no upload runs beside them).
    p = await phone();
    await p.context.setOffline(true);
    const app = await p.context.newPage();
    await app.goto(`${server.url}/`);
    await app.locator('.app[data-models="ready"]').waitFor({ timeout: 60_000 });
    log(`start with the log: ${s.decision?.toFixed(0)} ms`);
    const l = await measureLog(app, p.context, THROTTLE);
    l.later = await openLogLater(p.context, `${server.url}/`);
    emit('soak.100k.log_paint_ms', {
      value: l.opens[0].rows,
      note: `from the tap on "Log" to the frame that paints its first record row, the first open after the app started (offline); the next ${l.opens.length - 1} opens (scan → log): median ${median(l.opens.slice(1).map((o) => o.rows)).toFixed(0)} ms; one open with the CPU throttled ${THROTTLE}×: ${l.throttled.rows.toFixed(0)} ms; the first open of a page opened ${l.later.after_ms / 1000} s earlier (its start settled, the screen's code loaded ahead): ${l.later.rows.toFixed(0)} ms; on the first open today's figures (the hourly chart) painted at ${l.opens[0].stats.toFixed(0)} ms; ${how}`,
      detail: l,
    });
    emit('soak.100k.search_ms', {
      value: median(l.searches.map((x) => x.ms)),
      note: `typing a last 4 into the log's search field (one input event) to the frame that paints the found rows, median of ${l.searches.length} last-4s (${l.searches.map((x) => `${x.found} found in ${x.ms.toFixed(0)} ms`).join(', ')}); the store's searchLast4 alone on the written log: median ${median(w.search_ms).toFixed(1)} ms; ${how}`,
      detail: l.searches,
    });

    log(`log opened in ${l.opens.map((o) => o.rows.toFixed(0)).join(', ')} ms`);

    // 4. Decisions through the UI: pasted codes, each decided and dismissed (offline: no upload meanwhile).
    const codes = makeCodes(uiDecisions, keys, nowS);
    const heap = await measureHeap(app, p.context, codes, 100);
    log(`heap ${heap.base.used} → ${heap.after.used} B`);
    emit('soak.heap_growth_mb', {
      value: (heap.after.used - heap.base.used) / 2 ** 20,
      note: `the page's JS heap in use (CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage) after ${uiDecisions.toLocaleString('en')} decisions through the scan screen minus after the first 100${quick ? ' (quick: not 10,000)' : ''}: codes pasted into the paste field and checked, each decision dismissed at once, offline (${Object.entries(
        heap.kinds,
      )
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}; ${(heap.ms / (uiDecisions - 100)).toFixed(1)} ms per decision); ${how}`,
      detail: heap,
    });

    // 5. The full sync, waited for up to SYNC_S: at 100,000 records it may take longer on a loaded machine.
    const sync = await syncAll(app, p.context, () => serverHolds(data, held.deviceId), quick ? 120 : SYNC_S);
    log(
      `sync: ${sync.done ? `done in ${sync.seconds.toFixed(1)} s` : `${sync.after.pending} still pending`}`,
    );
    const where = `Where the time went (the page's Resource Timing of the uploads): ${sync.where.batches} batches; ${sync.where.requests_s} s from sending a batch to the answer's first byte (network and the server's ingest; ${sync.where.request_ms.first} ms for the first, ${sync.where.request_ms.last} ms for the last); ${sync.where.device_s} s on the device before and between the requests (${sync.where.gap_ms.first} ms between the first two, ${sync.where.gap_ms.last} ms before the last: reading every pending record, signing, marking synced)`;
    const onServer = `the server holds ${sync.server.records} records of this device, ${sync.server.ids} distinct ids, seqs 1..n each once: ${sync.server.contiguous} (checkpoint export)`;
    const syncNote = sync.done
      ? `from the network coming back (the app's \`online\` trigger) until the device holds no pending record: ${sync.before.pending} pending records (the soak's and the UI's) uploaded by the app's syncer in signed batches to \`checkpoint serve\` (SQLite, default rate limits); ${onServer}. ${where}; ${how}`
      : `not finished: ${sync.before.pending - sync.after.pending} of ${sync.before.pending} pending records uploaded in the ${sync.seconds.toFixed(0)} s the bench waits (${((sync.before.pending - sync.after.pending) / sync.seconds).toFixed(0)} records/s); ${onServer}. ${where}; ${how}`;
    emit('soak.100k.sync_s', { value: sync.done ? sync.seconds : null, note: syncNote, detail: sync });

    // 6. Past retention. When everything is synced: the page's clock moved on 15 days and the app reloaded
    // online; its syncer finds nothing to upload and deletes the acknowledged records older than 14 days.
    // Otherwise (the syncer deletes only after an upload run completes) the same store call from the writer.
    const purge = sync.done
      ? await purgeAfterRetention(app, p.context, 15 * DAY)
      : await purgeThroughStore(p.context, server.url, app, 15 * DAY);
    await p.close();
    p = await phone();
    const reopened = await storageUsage(await writerPage(p.context, server.url));
    await p.close();
    log(`purge: ${JSON.stringify(purge)}; usage after a restart ${reopened}`);
    const errors = phones.flatMap((x) => x.errors);
    if (errors.length) log(`page errors: ${errors.slice(0, 5).join(' | ')}`);
    Object.assign(purge, { usage_after_restart: reopened, page_errors: errors.slice(0, 20) });
    const last = `purge after retention (${purge.how}): ${purge.before.records} records (${purge.before.pending} pending), ${purge.usage_before} B before; ${purge.after.records} records, ${purge.usage_after} B after, ${reopened} B after a browser restart`;
    emit('soak.100k.sync_s', {
      value: sync.done ? sync.seconds : null,
      note: `${syncNote}; ${last}`,
      detail: { ...sync, purge },
    });
  } finally {
    for (const x of phones) await x.close().catch(() => undefined);
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
});
