// Building and serving a test-only page (an index.html under tests/e2e/fixtures/) with Vite's JS API.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type InlineConfig } from 'vite';

/** A production build of a fixture, served on 127.0.0.1 (a secure context, so getUserMedia works). */
export interface ServedFixture {
  /** The page's URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** Where the build went (to inspect chunks). */
  outDir: string;
  close(): Promise<void>;
}

/**
 * Builds the Vite app rooted at `root` (a directory holding index.html) into a temporary directory and
 * serves it with `vite preview` on a free port. The project's vite.config is not used: fixtures stay
 * independent of the app's plugins (PWA, service worker); pass `config` for anything they need.
 */
export async function buildAndServe(root: string, config: InlineConfig = {}): Promise<ServedFixture> {
  const outDir = await mkdtemp(join(tmpdir(), 'checkpoint-fixture-'));
  const base: InlineConfig = { root, configFile: false, logLevel: 'warn', ...config };
  await build({ ...base, build: { outDir, emptyOutDir: true, ...config.build } });
  const server = await preview({
    ...base,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return {
    url,
    outDir,
    close: () => server.close(),
  };
}
