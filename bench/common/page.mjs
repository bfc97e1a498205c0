// The bench page (bench/browser/page), built with Vite: src/ imported as the app does, the decoder worker and its
// .wasm emitted. Shared by the Chromium group and the trust figures of bench/bundle.mjs.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the bench page into `outDir` (src/ imported as the app does, the decoder worker and its .wasm emitted). */
export async function buildPage(outDir) {
  await build({
    root: join(ROOT, 'bench/browser/page'),
    configFile: false,
    logLevel: 'warn',
    base: './',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      reportCompressedSize: false,
      chunkSizeWarningLimit: 10_000,
    },
    worker: { format: 'es' },
  });
}
