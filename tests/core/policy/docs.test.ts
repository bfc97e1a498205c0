// docs/policies.md documents every shipped rule: a rule added without its line in the tables fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../../src/core/policy/index.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/policies.md', import.meta.url)), 'utf8');

describe('docs/policies.md', () => {
  for (const p of Object.values(POLICIES)) {
    it(`${p.name}: has a section, and a table row for every rule with its cite`, () => {
      const start = doc.indexOf(`### ${p.name} `);
      expect(start).toBeGreaterThan(-1);
      const next = doc.indexOf('\n### ', start + 1);
      const section = doc.slice(start, next === -1 ? undefined : next);
      for (const r of [...p.classify, ...p.rules]) {
        const row = section.split('\n').find((l) => l.startsWith(`| \`${r.id}\``));
        expect(row, r.id).toBeDefined();
        expect(row).toContain(r.cite);
      }
    });
  }
});
