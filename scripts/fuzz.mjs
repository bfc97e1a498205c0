#!/usr/bin/env node
// `npm run fuzz -- --cases N [--seed S]`: the long fuzz run of every target in scripts/fuzz/ (HCQ1 verifier and
// decoder, batch parser, bundle parser) against the compiled core in lib/ (built by `npm run prepare`). Prints
// cases/s as it goes and every failure (shrunk by fast-check); exits 1 when any invariant broke.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { fuzzTargets } from './fuzz/targets.mjs';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '100000' }, seed: { type: 'string', default: '11' } },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isSafeInteger(cases) || cases < 1 || !Number.isSafeInteger(seed)) {
  process.stderr.write('fuzz: --cases and --seed take whole numbers\n');
  process.exit(2);
}
const lib = new URL('../lib/', import.meta.url);
if (!existsSync(new URL('core/hcq1/verify.js', lib))) {
  process.stderr.write('fuzz: lib/ is missing; run `npm run prepare` first\n');
  process.exit(2);
}

const targets = await fuzzTargets((path) => import(new URL(`${path}.js`, lib).href));
// Chunks keep progress visible and let one target's failure not hide the next chunk's; each has its own seed.
const CHUNK = 5000;
const perTarget = Math.ceil(cases / targets.length);
const started = performance.now();
let done = 0;
let failures = 0;
process.stdout.write(`fuzz: ${cases} cases over ${targets.length} targets, seed ${seed}, lib/ core\n`);
for (const [t, target] of targets.entries()) {
  const targetStarted = performance.now();
  let targetDone = 0;
  let targetFailures = 0;
  // A target that keeps failing has said what it has to say after three shrunk failures.
  for (let chunk = 0; targetDone < perTarget && targetFailures < 3; chunk++) {
    const numRuns = Math.min(CHUNK, perTarget - targetDone);
    const property = fc.asyncProperty(target.arbitrary, async (input) => {
      const why = await target.check(input);
      if (why) throw new Error(why);
    });
    const run = await fc.check(property, { seed: seed + t * 100_003 + chunk, numRuns });
    targetDone += run.numRuns;
    done += run.numRuns;
    if (run.failed) {
      failures++;
      targetFailures++;
      process.stdout.write(`FAIL ${target.name} (seed ${run.seed}, path ${run.counterexamplePath})\n`);
      process.stdout.write(`  input: ${fc.stringify(run.counterexample)}\n  ${String(run.errorInstance)}\n`);
    }
    const s = (performance.now() - started) / 1000;
    process.stderr.write(`  ${done}/${cases} cases, ${Math.round(done / s)} cases/s, ${failures} failures\r`);
  }
  const s = (performance.now() - targetStarted) / 1000;
  process.stdout.write(
    `${target.name}: ${targetDone} cases in ${s.toFixed(1)} s (${Math.round(targetDone / s)}/s)\n`,
  );
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `fuzz: ${done} cases in ${seconds.toFixed(1)} s (${Math.round(done / seconds)} cases/s), ${failures} failures\n`,
);
process.exitCode = failures ? 1 : 0;
