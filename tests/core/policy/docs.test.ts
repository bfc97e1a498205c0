// docs/policies.md documents every shipped rule: a rule added without its line in the tables fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../../src/core/policy/index.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/policies.md', import.meta.url)), 'utf8');

// The section of the shipped-rules tables for one policy, up to the next policy's.
function sectionOf(name: string): string {
  const start = doc.indexOf(`### ${name} `);
  expect(start).toBeGreaterThan(-1);
  const next = doc.indexOf('\n### ', start + 1);
  return doc.slice(start, next === -1 ? undefined : next);
}

describe('docs/policies.md', () => {
  for (const p of Object.values(POLICIES)) {
    it(`${p.name}: has a section, and a table row for every rule with its cite`, () => {
      const section = sectionOf(p.name);
      for (const r of [...p.classify, ...p.rules]) {
        const row = section.split('\n').find((l) => l.startsWith(`| \`${r.id}\``));
        expect(row, r.id).toBeDefined();
        expect(row).toContain(r.cite);
      }
    });
    it(`${p.name}: a table row for every option, with its cite and its literal choice marked`, () => {
      const section = sectionOf(p.name);
      for (const [name, o] of Object.entries(p.options ?? {})) {
        const row = section.split('\n').find((l) => l.startsWith(`| \`${name}\``));
        expect(row, name).toBeDefined();
        expect(row).toContain(o.cite);
        expect(row).toContain(`\`${o.literal}\` (literal)`);
      }
    });
    it(`${p.name}: every option is defended among the readings`, () => {
      const readings = doc.slice(doc.indexOf('## Readings'), doc.indexOf("## 001's synonym spinner"));
      for (const name of Object.keys(p.options ?? {})) expect(readings).toContain(`option \`${name}\``);
    });
  }
});
