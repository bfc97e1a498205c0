// bundle.full_1m.* and bundle.delta_1k.wire_kb (issue 14): the shared trust snapshot of 1,000,000 revocations as
// `serve` builds it (SQLite, the compiled server in lib/, so in its worker thread), its size on the wire, the
// build time and the event loop's longest stall meanwhile; a delta of 1,000 changes; and the device applying the
// snapshot in Chromium at 4× CPU throttling (CDP Emulation.setCPUThrottlingRate).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { launchChromium } from '../scripts/chromium.mjs';
import { median } from './common/stats.mjs';
import { buildPage } from './common/page.mjs';
import { serveStatic } from './common/serve.mjs';
import { toBase64 } from '../lib/core/bytes.js';
import { openDb } from '../lib/server/db/open.js';
import { venueBundleFor } from '../lib/server/bundles.js';
import { trustObject } from '../lib/server/trust-build.js';

const FULL = 1_000_000;
const DELTA = 1000;

// Rows straight into the table in one transaction (the import path is measured elsewhere): n random subjects,
// one issuer, a third with a colour, as version `version`.
function insertRevocations(file, n, version) {
  const raw = new Database(file);
  const insert = raw.prepare(
    'INSERT INTO revocations (iss, subject, before_s, colour, version, venue_id) VALUES (?, ?, ?, ?, ?, NULL)',
  );
  raw.transaction(() => {
    for (let i = 0; i < n; i++)
      insert.run(
        'CN-ZJ',
        randomBytes(16).toString('hex'),
        1_700_000_000 + (i % 86400),
        i % 3 ? null : 'yellow',
        version,
      );
    raw.prepare('UPDATE trust_state SET version = ? WHERE id = 1').run(version);
  })();
  raw.close();
}

// The slowest gap between timer ticks (ms) while `work` runs: how long the event loop was held at once.
async function longestStall(work) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  try {
    const start = performance.now();
    const value = await work();
    return { value, ms: performance.now() - start, stall: worst };
  } finally {
    clearInterval(timer);
  }
}

/** Measures and emits the four trust figures; `pageDir` is where the bench page is built. */
export async function measureTrust(emit, { pageDir }) {
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-trust-'));
  const db = await openDb({ data: dir });
  try {
    const venue = await db.venues.add({
      name: 'Bench',
      category: 'mall',
      policy: 'zhejiang-2020',
      settings: {},
    });
    const v1 = (await db.trust.version()) + 1;
    insertRevocations(join(dir, 'checkpoint.sqlite'), FULL, v1);
    // The same timer over two seconds of nothing: what the machine's own load makes of a 5 ms tick.
    const idle = await longestStall(() => new Promise((resolve) => setTimeout(resolve, 2000)));
    const full = await longestStall(() => trustObject(db, 0, v1));
    const note = `SQLite, lib/server/trust-build.js; 1,000,000 random 16-byte subjects, one issuer, a third with a colour; MB = 10^6 bytes, served as is (random subjects do not compress)`;
    emit('bundle.full_1m.wire_mb', {
      value: Number((full.value.size / 1e6).toFixed(2)),
      note,
      detail: { bytes: full.value.size },
    });
    emit('bundle.full_1m.build_ms', {
      value: Math.round(full.ms),
      note: `in a worker thread: rows read in rowid order (SQLite concatenating fixed-width hex records), counting-sorted, encoded, hashed and stored in 1 MiB parts; the event loop signs the digest and adds the row. Longest event-loop stall meanwhile ${full.stall.toFixed(0)} ms (timer every 5 ms; ${idle.stall.toFixed(0)} ms over 2 s of idling just before, the machine's own noise)`,
      detail: { longestStallMs: Math.round(full.stall), idleStallMs: Math.round(idle.stall) },
    });
    insertRevocations(join(dir, 'checkpoint.sqlite'), DELTA, v1 + 1);
    const delta = await trustObject(db, v1, v1 + 1);
    emit('bundle.delta_1k.wire_kb', {
      value: Number((delta.size / 1000).toFixed(2)),
      note: '1,000 new revocations after the snapshot (kB = 1000 bytes), the whole signed object',
    });

    const made = await venueBundleFor(db, venue, 0);
    const meta = await db.trustObjects.get(JSON.parse(made.bundle.body).shared.hash);
    const objectDir = join(dir, 'objects');
    rmSync(objectDir, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(objectDir);
    writeFileSync(join(objectDir, 'snapshot.bin'), await db.trustObjects.read(meta, 0, meta.size));
    await buildPage(pageDir);
    const server = await serveStatic({ '/': pageDir, '/objects': objectDir });
    const chrome = await launchChromium();
    try {
      const page = await chrome.context.newPage();
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 60_000 });
      const cdp = await chrome.context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const root = (await db.meta.rootKey()).publicKey;
      const run = await page.evaluate((o) => window.bench.trustBench(o), {
        objectUrl: `${server.url}/objects/snapshot.bin`,
        bundle: made.bundle,
        rootKey: toBase64(root),
        venueId: venue.id,
        runs: 3,
      });
      emit('bundle.full_1m.apply_ms_4x', {
        value: Math.round(median(run.ms)),
        note: `Chromium, CPU throttled 4× (CDP): the signed venue body verified, the 1M snapshot's SHA-256 (WebCrypto) and root signature checked, the list decoded (checked) and kept as the state, its columns handed to the app's lookup set (src/models/trust.ts revocationSetOf) without a second decode, looked up in place (sorted columns, no hash set; ${run.size} entries); median of ${run.ms.length} runs: ${run.ms.map((m) => Math.round(m)).join(', ')} ms`,
      });
    } finally {
      await chrome.close();
      await server.close();
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
