#!/usr/bin/env node
// `npm start`: builds what is missing or older than its sources (lib/ for the server and CLI, dist/ for the PWA),
// then serves the demo on http://localhost:8080 (127.0.0.1 only) with SQLite in ./data. Extra arguments go to
// `checkpoint serve` (a later --host wins; serving the demo beyond this machine also needs --allow-public-demo).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The newest modification time under the given files and directories. */
function newest(paths) {
  let t = 0;
  for (const p of paths.map((x) => join(root, x))) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    t = Math.max(
      t,
      s.isDirectory() ? newest(readdirSync(p).map((e) => join(p, e).slice(root.length + 1))) : s.mtimeMs,
    );
  }
  return t;
}

function build(what, args, output, sources) {
  const out = join(root, output);
  if (existsSync(out) && statSync(out).mtimeMs >= newest(sources)) return;
  process.stderr.write(`start: building ${what} (${args.join(' ')})…\n`);
  const r = spawnSync(npx, args, { cwd: root, stdio: 'inherit' });
  if (!existsSync(out)) {
    process.stderr.write(`start: building ${what} failed (exit ${r.status})\n`);
    process.exit(1);
  }
}

build('the server and CLI', ['tsc', '-p', 'tsconfig.node.json'], 'lib/cli/main.js', [
  'src/core',
  'src/server',
  'src/cli',
  'tsconfig.node.json',
]);
build('the app', ['vite', 'build'], 'dist/index.html', ['src', 'public', 'index.html', 'vite.config.ts']);

const { main } = await import(join(root, 'lib/cli/main.js'));
const port = process.env.PORT ?? '8080';
process.stderr.write(`start: open http://localhost:${port}/demo for sample codes and the enrolment link\n`);
process.exitCode = await main([
  'serve',
  '--port',
  port,
  '--host',
  '127.0.0.1',
  '--data',
  join(root, 'data'),
  '--demo',
  ...process.argv.slice(2),
]);
