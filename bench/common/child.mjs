// What every measurement script shares: its arguments from run.mjs, and how it hands its figures back.
import { writeFileSync } from 'node:fs';

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
