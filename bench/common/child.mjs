// What every measurement script shares: its arguments from run.mjs, and how it hands its figures back.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The options run.mjs passes: `--quick` and `--report <file>` (where the figures go). */
export function childArgs(argv = process.argv.slice(2)) {
  const at = argv.indexOf('--report');
  return { quick: argv.includes('--quick'), report: at >= 0 ? argv[at + 1] : null };
}

/**
 * Runs `measure(opts, emit)`; each `emit(name, {value, compare, note, detail})` is written to the report
 * file straight away, so figures measured before a later failure are kept.
 */
export async function runChild(measure) {
  const opts = childArgs();
  const out = [];
  const emit = (name, fields) => {
    out.push({ name, ...fields });
    if (opts.report) writeFileSync(opts.report, JSON.stringify(out));
    else console.log(JSON.stringify({ name, ...fields }));
  };
  try {
    await measure(opts, emit);
  } catch (e) {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  }
}

/** The q-quantile (0..1) of numbers, by nearest rank. */
export function quantile(xs, q) {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/** The median of numbers. */
export const median = (xs) => quantile(xs, 0.5);

/** Operations per second of `op` (sync or async) over one stretch of `ms` milliseconds. */
export async function rate(op, ms) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 16; i++) await op(n++);
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/**
 * Operations per second of each contender, measured in `rounds` interleaved rounds of `ms` each after a
 * warm-up round; each contender's median round is reported, so a burst of load from other work on a shared
 * machine falls on every contender alike and moves the figures less.
 */
export async function interleavedRates(ops, { ms, rounds }) {
  const names = Object.keys(ops);
  for (const n of names) await rate(ops[n], ms);
  const rates = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) for (const n of names) rates[n].push(await rate(ops[n], ms));
  return Object.fromEntries(names.map((n) => [n, median(rates[n])]));
}
