// `node bench/report.mjs [bench/results.json]`: the results as Markdown tables with notes, for docs/performance.md.
// `node bench/report.mjs --spread a.json b.json c.json`: several runs side by side, with each figure's spread.
import { readFileSync } from 'node:fs';
import { markdownTable, spreadTable } from './common/results.mjs';

if (process.argv[2] === '--spread') {
  const docs = process.argv.slice(3).map((f) => JSON.parse(readFileSync(f, 'utf8')));
  for (const [i, d] of docs.entries()) console.log(`Run ${i + 1}: ${d.date}, ${d.machine}.`);
  console.log(`\n${spreadTable(docs)}`);
  process.exit(0);
}

const doc = JSON.parse(readFileSync(process.argv[2] ?? 'bench/results.json', 'utf8'));
const byName = new Map(doc.results.map((r) => [r.name, r]));
console.log(`Machine: ${doc.machine}. Date: ${doc.date}.${doc.quick ? ' (--quick)' : ''}\n`);
console.log(markdownTable(doc));

// Decoding in full: median, p95 and success of every decoder on every set.
const sets = [
  ['clean 640×480', 'decode.clean640.p95_ms'],
  ['clean 1280×720', 'decode.clean1280.p95_ms'],
  ['degraded 640×480', 'decode.degraded.success_rate'],
];
if (sets.some(([, n]) => byName.get(n)?.detail)) {
  console.log(
    '\n| decoder | ' + sets.map(([label]) => `${label}: median / p95 ms, success`).join(' | ') + ' |',
  );
  console.log('|---|' + sets.map(() => '---|').join(''));
  for (const decoder of ['checkpoint', '@zxing/library', 'zxing-wasm', 'jsqr']) {
    const cells = sets.map(([, n]) => {
      const d = byName.get(n)?.detail?.[decoder];
      return d ? `${d.median_ms} / ${d.p95_ms}, ${d.success}` : '—';
    });
    console.log(`| ${decoder === 'checkpoint' ? 'Checkpoint (worker)' : decoder} | ${cells.join(' | ')} |`);
  }
}

console.log('\nNotes:\n');
for (const r of doc.results) if (r.note) console.log(`- \`${r.name}\`: ${r.note}`);
