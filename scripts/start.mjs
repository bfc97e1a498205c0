#!/usr/bin/env node
// `npm start`: builds what is missing or older than its sources (lib/ for the server and CLI, dist/ for the PWA),
// then serves the demo on http://localhost:8080 (127.0.0.1 only) with SQLite in ./data. Extra arguments go to
// `checkpoint serve` (a later --host wins; serving the demo beyond this machine also needs --allow-public-demo).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, DIST, LIB } from './builds.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line) => process.stderr.write(`start: ${line}\n`);

for (const build of [LIB, DIST]) {
  if (!buildIfStale(root, build, { log })) {
    log(`building ${build.what} failed: ${build.output} is missing or older than its sources`);
    process.exit(1);
  }
}

const { main } = await import(join(root, 'lib/cli/main.js'));
const port = process.env.PORT ?? '8080';
log(`open http://localhost:${port}/demo for sample codes and the enrolment link`);
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
