// `npm run bench [-- --quick] [--only g1,g2] [--skip g1,g2] [--out file]`: every measurement, one table.
// Each group runs in its own Node process, so one group's heap, JIT state or crash cannot colour another's.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, LIB } from '../scripts/builds.mjs';
import { NAMES, Results, table } from './common/results.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The measurement groups, the figures each reports (those whose names start with one of its `families`, so that
 * the names stand in one place, results.mjs), and how long it may take before it is stopped.
 */
const GROUPS = [
  { id: 'verify', script: 'bench/node/verify.mjs', families: ['verify.node.'], minutes: 3 },
  {
    id: 'revocation',
    script: 'bench/node/revocation.mjs',
    nodeArgs: ['--expose-gc'],
    families: ['revocation.'],
    minutes: 3,
  },
  {
    id: 'browser',
    script: 'bench/browser/run.mjs',
    families: ['decode.', 'verify.chromium.', 'idb.'],
    minutes: 15,
  },
  { id: 'bundle', script: 'bench/bundle.mjs', families: ['bundle.'], minutes: 5 },
  { id: 'sync', script: 'bench/sync.mjs', families: ['sync.'], minutes: 5 },
  { id: 'sim', script: 'bench/sim.mjs', families: ['sim.'], minutes: 40, quickMinutes: 4 },
  { id: 'e2e', script: 'bench/e2e.mjs', families: ['e2e.', 'start.'], minutes: 10 },
  { id: 'idle', script: 'bench/idle.mjs', families: ['idle.'], minutes: 5 },
  {
    id: 'soak',
    script: 'bench/soak.mjs',
    families: ['soak.'],
    // 100,000 strict-durability writes and 10,000 decisions through the UI: 40 min or more on a loaded machine;
    // quick, about a minute on a quiet one and four at load 20.
    minutes: 60,
    quickMinutes: 6,
  },
].map((g) => ({ ...g, names: NAMES.filter((n) => g.families.some((f) => n.startsWith(f))) }));

function parseArgs(argv) {
  const value = (flag) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const list = (flag) => (value(flag) ?? '').split(',').filter(Boolean);
  const known = new Set(GROUPS.map((g) => g.id));
  const only = list('--only');
  const skip = list('--skip');
  for (const id of [...only, ...skip])
    if (!known.has(id)) throw new Error(`unknown group ${id} (groups: ${[...known].join(', ')})`);
  return {
    quick: argv.includes('--quick'),
    only,
    skip,
    out: resolve(ROOT, value('--out') ?? 'bench/results.json'),
  };
}

// lib/ is the Node build of src/ (npm ci's prepare step makes it); rebuild it when its sources are newer, so the
// bench never measures stale code.
function ensureNodeBuild() {
  if (!buildIfStale(ROOT, LIB, { log: (line) => console.error(`bench: ${line}`) }))
    throw new Error(`${LIB.command.join(' ')} failed and ${LIB.output} is missing or stale`);
}

function runGroup(group, opts, results) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const report = join(dir, 'report.json');
  const args = [...(group.nodeArgs ?? []), join(ROOT, group.script), '--report', report];
  if (opts.quick) args.push('--quick');
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    const minutes = opts.quick ? (group.quickMinutes ?? group.minutes) : group.minutes;
    const timer = setTimeout(() => child.kill('SIGKILL'), minutes * 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      let reported = [];
      if (existsSync(report)) reported = JSON.parse(readFileSync(report, 'utf8'));
      rmSync(dir, { recursive: true, force: true });
      for (const r of reported) {
        const { name, ...fields } = r;
        results.set(name, fields);
      }
      const lastLine = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
      const why = signal
        ? `the ${group.id} group was stopped after ${minutes} min`
        : code !== 0
          ? `the ${group.id} group failed: ${lastLine.slice(0, 300)}`
          : `the ${group.id} group did not report it`;
      results.missing(group.names, why);
      console.error(`bench: ${group.id} done in ${seconds} s${code ? ` (exit ${code ?? signal})` : ''}`);
      done();
    });
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  ensureNodeBuild();
  const results = new Results();
  for (const group of GROUPS) {
    if (opts.only.length && !opts.only.includes(group.id)) {
      results.missing(group.names, `skipped (--only ${opts.only.join(',')})`);
      continue;
    }
    if (opts.skip.includes(group.id)) {
      results.missing(group.names, `skipped (--skip ${opts.skip.join(',')})`);
      continue;
    }
    if (!existsSync(join(ROOT, group.script))) {
      results.missing(group.names, `not measured: ${group.script} does not exist yet`);
      continue;
    }
    console.error(`bench: ${group.id}${opts.quick ? ' (quick)' : ''} ...`);
    await runGroup(group, opts, results);
  }
  const doc = results.finish();
  doc.quick = opts.quick;
  if (doc.results.length !== NAMES.length) throw new Error('a result name is missing');
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(table(doc));
  console.log(`\nwritten: ${opts.out}`);
}

await main();
