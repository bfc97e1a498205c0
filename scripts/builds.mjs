// The project's two builds (lib/ for Node, dist/ for the browser), when each is stale, and rebuilding it.
// One check for `npm start`, the bench and the tests: a build is stale when it is missing or any of its
// sources is newer than it (as after a `git pull`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {object} Build
 * @property {string} what what it is, for messages
 * @property {string} output a file every run of the build rewrites, relative to the project root
 * @property {string[]} sources files and folders it is built from, relative to the project root
 * @property {string[]} command the `npx` arguments that build it
 */

/** lib/: the Node build of core, server and CLI (`tsc -p tsconfig.node.json`), what `checkpoint` runs. */
export const LIB = {
  what: 'the server and CLI (lib/)',
  output: 'lib/cli/main.js',
  sources: ['src/core', 'src/server', 'src/cli', 'tsconfig.node.json', 'tsconfig.base.json'],
  command: ['tsc', '-p', 'tsconfig.node.json'],
};

/** dist/: the PWA (`vite build`), what `checkpoint serve` serves. */
export const DIST = {
  what: 'the app (dist/)',
  output: 'dist/index.html',
  sources: ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.base.json', 'package-lock.json'],
  command: ['vite', 'build'],
};

/** The newest modification time (ms) of the files at or below `path`; 0 when there are none. */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return newest;
}

/** Whether `output` (below `root`) is missing or older than any file of `sources`. */
export function isStale(root, output, sources) {
  const built = join(root, output);
  if (!existsSync(built)) return true;
  const newest = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  return newest > statSync(built).mtimeMs;
}

/**
 * Runs `build` when it is stale; answers whether it is fresh afterwards. tsc still writes every file when some
 * part of the tree has a type error, so only an output left stale (missing, or not rewritten) counts as failed.
 * `quiet` hides the build's own output (tests); otherwise it goes to this process's.
 * @param {string} root
 * @param {Build} build
 * @param {{ quiet?: boolean, log?: (line: string) => void }} [opts]
 * @returns {boolean}
 */
export function buildIfStale(root, build, opts = {}) {
  if (!isStale(root, build.output, build.sources)) return true;
  opts.log?.(`building ${build.what} (${build.command.join(' ')}) …`);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  spawnSync(npx, build.command, { cwd: root, stdio: opts.quiet ? 'ignore' : 'inherit' });
  return !isStale(root, build.output, build.sources);
}
