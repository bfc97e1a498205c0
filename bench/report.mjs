// `node bench/report.mjs [bench/results.json]`: the results as a Markdown table with notes, for docs/performance.md.
import { readFileSync } from 'node:fs';
import { markdownTable } from './common/results.mjs';

const doc = JSON.parse(readFileSync(process.argv[2] ?? 'bench/results.json', 'utf8'));
console.log(`Machine: ${doc.machine}. Date: ${doc.date}.${doc.quick ? ' (--quick)' : ''}\n`);
console.log(markdownTable(doc));
console.log('\nNotes:\n');
for (const r of doc.results) if (r.note) console.log(`- \`${r.name}\`: ${r.note}`);
