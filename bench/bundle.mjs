// bundle.*: gzip sizes of the built app: the shell's JS (what index.html loads before any decoder) and the
// decoder's (the worker, what it imports, and the .wasm). Built with the project's vite.config.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { runChild } from './lib/child.mjs';

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
  const decoder = [...decoderJs, ...wasm];
  const lazy = assets.filter((f) => f.endsWith('.js') && !shell.includes(f) && !decoder.includes(f));
  const kb = (files) => files.reduce((n, f) => n + gz(join(dist, f)), 0) / 1000;
  return {
    shellKb: kb(shell),
    decoderKb: kb(decoder),
    lazyKb: kb(lazy),
    files: {
      shell: shell.map((f) => [f, gz(join(dist, f))]),
      decoder: decoder.map((f) => [f, gz(join(dist, f))]),
      lazy: lazy.map((f) => [f, gz(join(dist, f))]),
    },
    workers,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runChild(async (_opts, emit) => {
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
    emit('bundle.shell_gzip_kb', {
      value: a.shellKb,
      note: `vite build (vite.config.ts) into bench/.cache/app; gzip -9, kB = 1000 bytes; the JS index.html loads and its static imports: ${list(a.files.shell)}. Lazy chunks not counted: ${a.lazyKb.toFixed(1)} kB`,
      detail: a.files,
    });
    emit('bundle.decoder_gzip_kb', {
      value: a.workers.length ? a.decoderKb : null,
      note: a.workers.length
        ? `the decoder worker, its imports and the .wasm: ${list(a.files.decoder)}`
        : 'no worker chunk in the build: the app does not load the decoder worker yet',
    });
  });
}
