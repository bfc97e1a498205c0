// bundle.*: gzip sizes of the built app: the shell's JS (what index.html loads before any decoder) and the
// decoder's (the worker, what it imports, and the .wasm). Built with the project's vite.config.ts. And the trust
// distribution figures (bundle.full_1m.*, bundle.delta_1k.*: bench/trust.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { fakeCameraArgs, launchChromium } from '../scripts/chromium.mjs';
import { runChild } from './common/child.mjs';
import { serveStatic } from './common/serve.mjs';
import { measureTrust } from './trust.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the bench builds the app (not dist/, which other work may be building at the same moment). */
export const APP_DIST = join(ROOT, 'bench/.cache/app');

/** Builds the app with vite.config.ts into `outDir`, with a manifest to follow the entry's imports. */
export async function buildApp(outDir = APP_DIST) {
  await build({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 10_000 },
  });
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

// Static imports of a built ES module (`import "./x.js"`, `from "./x.js"`), resolved against its folder.
function staticImports(dist, rel) {
  const code = readFileSync(join(dist, rel), 'utf8');
  const out = new Set();
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    out.add(posix.normalize(posix.join(posix.dirname(rel), m[1])));
  }
  return [...out];
}

// Dynamic imports (`import("./x.js")`) of a built module: what it loads only when it needs it.
function dynamicImports(dist, rel) {
  const code = readFileSync(join(dist, rel), 'utf8');
  return [...code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g)].map((m) =>
    posix.normalize(posix.join(posix.dirname(rel), m[1])),
  );
}

function closure(dist, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const rel = stack.pop();
    if (seen.has(rel) || !existsSync(join(dist, rel))) continue;
    seen.add(rel);
    stack.push(...staticImports(dist, rel));
  }
  return [...seen];
}

/**
 * Sizes of a Vite build: the shell = the JS index.html loads (entry scripts, modulepreloads and their static
 * imports); the decoder = the worker chunk(s), their static imports and the .wasm. Sizes in kB (1000 bytes).
 */
export function analyse(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g),
  ].map((m) => m[1].replace(/^\.?\//, ''));
  const assets = readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`);
  const workers = assets.filter((f) => /worker/i.test(f) && f.endsWith('.js'));
  const shell = closure(dist, entries).filter((f) => !workers.includes(f));
  const decoderJs = closure(dist, workers).filter((f) => !shell.includes(f));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  // What the worker imports on demand (the pure-JS fallback engine) is the decoder's too.
  const fallback = closure(
    dist,
    decoderJs.flatMap((f) => dynamicImports(dist, f)),
  ).filter((f) => !shell.includes(f) && !decoderJs.includes(f));
  const decoder = [...decoderJs, ...fallback, ...wasm];
  // The console's own chunk (console.html's entry) is another page, not the app's.
  const lazy = assets.filter(
    (f) =>
      f.endsWith('.js') &&
      !f.startsWith('assets/console-') &&
      !shell.includes(f) &&
      !decoder.includes(f) &&
      !fallback.includes(f),
  );
  const kb = (files) => files.reduce((n, f) => n + gz(join(dist, f)), 0) / 1000;
  return {
    shellKb: kb(shell),
    decoderKb: kb(decoder),
    lazyKb: kb(lazy),
    fallbackKb: kb(fallback),
    files: {
      fallback: fallback.map((f) => [f, gz(join(dist, f))]),
      shell: shell.map((f) => [f, gz(join(dist, f))]),
      decoder: decoder.map((f) => [f, gz(join(dist, f))]),
      lazy: lazy.map((f) => [f, gz(join(dist, f))]),
    },
    workers,
  };
}

/**
 * What the page fetches from opening the built app (service worker blocked, so its precaching is not counted;
 * the fake camera on, so the scanner starts). Every JS file outside `staticFiles` is held back until the scan
 * screen has painted, which shows the first paint needs none of them: `beforePaint` is what it did need, and
 * `untilReady` what the page had fetched once the engine was loaded (`.app[data-models="ready"]`).
 */
export async function loadedAtStartup(dist, staticFiles) {
  const server = await serveStatic({ '/': dist }, { spaFallback: true });
  const chrome = await launchChromium({ args: fakeCameraArgs(), context: { serviceWorkers: 'block' } });
  try {
    const page = await chrome.context.newPage();
    let painted = false;
    let release = () => undefined;
    const paint = new Promise((resolve) => (release = resolve));
    const beforePaint = new Set();
    const untilReady = new Set();
    const pathOf = (url) => new URL(url).pathname.replace(/^\//, '');
    await page.route(
      (url) => url.pathname.endsWith('.js'),
      async (route) => {
        if (!staticFiles.includes(pathOf(route.request().url()))) await paint;
        await route.continue();
      },
    );
    page.on('requestfinished', (r) => {
      const path = pathOf(r.url());
      if (!path.endsWith('.js') || !existsSync(join(dist, path))) return;
      if (!painted) beforePaint.add(path);
      untilReady.add(path);
    });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.scan', { timeout: 30_000 });
    painted = true;
    release();
    await page.waitForSelector('.app[data-models="ready"]', { timeout: 30_000 });
    return { beforePaint: [...beforePaint], untilReady: [...untilReady] };
  } finally {
    await chrome.close();
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runChild(async (_opts, emit) => {
    // The trust figures first: they need no app build, and a failure of the build must not lose them.
    try {
      await measureTrust(emit, { pageDir: join(ROOT, 'bench/.cache/trust-page') });
    } catch (e) {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    }
    try {
      await buildApp();
    } catch (e) {
      const why = `vite build failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200)}`;
      emit('bundle.shell_gzip_kb', { value: null, note: why });
      emit('bundle.decoder_gzip_kb', { value: null, note: why });
      return;
    }
    const a = analyse(APP_DIST);
    const list = (files) => files.map(([f, n]) => `${posix.basename(f)} ${(n / 1000).toFixed(1)}`).join(', ');
    // The shell as the page really needs it: what Chromium fetched before the scan screen painted, with every
    // lazily imported file held back until then. The engine (Dexie, the core, the policies) loads beside the
    // camera; what the page holds once it can decide is in the note.
    const decoderFiles = new Set(a.files.decoder.map(([f]) => f));
    const notDecoder = (files) => files.filter((f) => f.endsWith('.js') && !decoderFiles.has(f));
    let startup = null;
    let why = '';
    try {
      startup = await loadedAtStartup(
        APP_DIST,
        a.files.shell.map(([f]) => f),
      );
    } catch (e) {
      why = `; Chromium could not load the app (${e instanceof Error ? e.message.split('\n')[0] : String(e)}), so only the static graph is counted`;
    }
    const sized = (files) => files.map((f) => [f, gz(join(APP_DIST, f))]);
    const total = (files) => files.reduce((n, [, b]) => n + b, 0) / 1000;
    const shell = sized(startup ? notDecoder(startup.beforePaint) : a.files.shell.map(([f]) => f));
    // What a decision needs: the shell and the engine chunk with its static imports (from Vite's manifest).
    const manifest = JSON.parse(readFileSync(join(APP_DIST, '.vite/manifest.json'), 'utf8'));
    const engine = Object.values(manifest).find((c) => c.src === 'src/models/decision-models.ts');
    const decide = engine
      ? sized([...new Set([...shell.map(([f]) => f), ...closure(APP_DIST, [engine.file])])])
      : null;
    const alsoFetched = startup
      ? sized(notDecoder(startup.untilReady).filter((f) => !decide?.some(([d]) => d === f)))
      : [];
    emit('bundle.shell_gzip_kb', {
      value: total(shell),
      note: `vite build (vite.config.ts) into bench/.cache/app; gzip -9, kB = 1000 bytes. ${
        startup
          ? 'JS Chromium fetched before the scan screen painted, every lazily imported file held back until then (service worker blocked, decoder files excluded)'
          : 'JS index.html loads and its static imports'
      }: ${list(shell)}${why}.${
        decide
          ? ` With the engine (what a decision needs, models/decision-models.ts and its static imports): ${total(decide).toFixed(1)} kB: ${list(decide)}.`
          : ''
      }${
        alsoFetched.length
          ? ` Also fetched by the time the engine was ready (sync, service worker page side): ${list(alsoFetched)}`
          : ''
      }`,
      detail: {
        beforePaint: shell,
        decide,
        alsoFetched,
        static: a.files.shell,
        lazy: a.files.lazy,
      },
    });
    emit('bundle.decoder_gzip_kb', {
      value: a.workers.length ? a.decoderKb : null,
      note: a.workers.length
        ? `the decoder worker, what it imports (statically, and on demand: ${list(a.files.fallback) || 'nothing'}) and the .wasm: ${list(a.files.decoder)}`
        : 'no worker chunk in the build: the app does not load the decoder worker yet',
    });
  });
}
