#!/usr/bin/env node
// `npm start`: builds what is missing (lib/ for the server and CLI, dist/ for the PWA), then serves the demo
// on http://localhost:8080 with SQLite in ./data. Extra arguments go to `checkpoint serve`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function build(what, args, output) {
  if (existsSync(join(root, output))) return;
  process.stderr.write(`start: building ${what} (${args.join(' ')})…\n`);
  const r = spawnSync(npx, args, { cwd: root, stdio: 'inherit' });
  if (!existsSync(join(root, output))) {
    process.stderr.write(`start: building ${what} failed (exit ${r.status})\n`);
    process.exit(1);
  }
}

build('the server and CLI', ['tsc', '-p', 'tsconfig.node.json'], 'lib/cli/main.js');
build('the app', ['vite', 'build'], 'dist/index.html');

const { main } = await import(join(root, 'lib/cli/main.js'));
const port = process.env.PORT ?? '8080';
process.stderr.write(`start: open http://localhost:${port}/demo for sample codes and the enrolment link\n`);
process.exitCode = await main([
  'serve',
  '--port',
  port,
  '--data',
  join(root, 'data'),
  '--demo',
  ...process.argv.slice(2),
]);
