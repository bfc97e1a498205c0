// Builds the bench page from bench/browser/page with Vite (the decode, verify, log and idle measurements).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the bench page (src/ imported as the app does, the decoder worker and its .wasm emitted). */
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
