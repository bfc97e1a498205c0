// The bench's results collector: every name always written, nulls only with a reason, targets beside figures.
import { describe, expect, it } from 'vitest';
import { NAMES, Results, spreadTable, table, verdict } from '../../bench/common/results.mjs';

describe('Results', () => {
  it('writes every name in the issue order, null with the reason for those never measured', () => {
    const r = new Results();
    r.set('revocation.1m.mb', { value: 30.4 });
    const doc = r.finish(new Date('2026-11-23T12:00:00Z'));
    expect(doc.results.map((x: { name: string }) => x.name)).toEqual(NAMES);
    expect(doc.date).toBe('2026-11-23T12:00:00.000Z');
    const mb = doc.results.find((x: { name: string }) => x.name === 'revocation.1m.mb');
    expect(mb).toMatchObject({ value: 30.4, unit: 'MB', target: 40, better: 'lower' });
    const idb = doc.results.find((x: { name: string }) => x.name === 'idb.writes_per_s');
    expect(idb.value).toBeNull();
    expect(idb.note).toMatch(/not measured/);
  });

  it('refuses a null without a note, a non-number, and a name the issue does not list', () => {
    const r = new Results();
    expect(() => r.set('idb.writes_per_s', { value: null })).toThrow(/note/);
    expect(() => r.set('idb.writes_per_s', { value: Number.NaN })).toThrow(/not a number/);
    expect(() => r.set('idb.writes', { value: 1 })).toThrow(/unknown/);
  });

  it('resolves relative targets from the contenders of the same run', () => {
    const r = new Results();
    r.set('verify.chromium.per_s', { value: 9000, compare: { tweetnacl: 100, webcrypto: 12000 } });
    r.set('decode.degraded.success_rate', { value: 0.8, compare: { 'zxing-wasm': 0.857, jsqr: 0.6 } });
    const doc = r.finish();
    const verify = doc.results.find((x: { name: string }) => x.name === 'verify.chromium.per_s');
    const degraded = doc.results.find((x: { name: string }) => x.name === 'decode.degraded.success_rate');
    expect(verify.target).toBe(9600);
    expect(verdict(verify)).toBe('miss');
    expect(degraded.target).toBe(0.857);
    expect(verdict(degraded)).toBe('miss');
  });

  it.each([
    [
      'higher is better: over the highest contender',
      'verify.chromium.per_s',
      9000,
      { tweetnacl: 100, webcrypto: 12000 },
      0.75,
    ],
    [
      'lower is better: over the lowest contender',
      'decode.clean640.p95_ms',
      12,
      { jsqr: 30, 'zxing-wasm': 4 },
      3,
    ],
    ['no ratio without a contender', 'revocation.1m.mb', 30, undefined, undefined],
  ])('gives each figure its ratio to the best contender: %s', (_, name, value, compare, ratio) => {
    const r = new Results();
    r.set(name, { value, compare });
    expect(r.finish().results.find((x: { name: string }) => x.name === name).vs_best).toBe(ratio);
  });

  it('prints pass, miss, or — when there is no value or no target', () => {
    const r = new Results();
    r.set('decode.clean640.p95_ms', { value: 12, compare: { jsqr: 30 } });
    r.set('e2e.longest_task_ms', { value: 65 });
    r.set('revocation.1m.build_ms', { value: 400 });
    const out = table(r.finish());
    expect(out).toMatch(/decode\.clean640\.p95_ms\s+12 ms\s+≤ 33\s+pass\s+jsqr 30/);
    expect(out).toMatch(/e2e\.longest_task_ms\s+65 ms\s+≤ 50\s+miss/);
    expect(out).toMatch(/revocation\.1m\.build_ms\s+400 ms\s+—\s+—/);
    expect(out).toMatch(/idb\.writes_per_s\s+null\s+≥ 500\s+—/);
  });

  it('sets runs side by side: each figure, its spread around the median, and how many runs met the target', () => {
    const run = (ms: number, verify: number, webcrypto: number) => {
      const r = new Results();
      r.set('e2e.longest_task_ms', { value: ms });
      r.set('verify.node.per_s', { value: verify, compare: { webcrypto } });
      return r.finish();
    };
    const rows = spreadTable([run(40, 900, 1000), run(60, 700, 1000), run(50, 800, 900)]).split('\n');
    expect(rows[0]).toBe('| name | run 1 | run 2 | run 3 | median | spread | target | met |');
    // Range 20 ms around a median of 50: ±20 %; two of three under 50 ms.
    expect(rows).toContain('| `e2e.longest_task_ms` | 40 | 60 | 50 | 50 ms | ±20 % | ≤ 50 | 2 of 3 |');
    // The relative target follows each run's contender (0.8 × webcrypto).
    expect(rows).toContain(
      '| `verify.node.per_s` | 900 | 700 | 800 | 800 /s | ±12.5 % | ≥ 800 / 720 | 2 of 3 |',
    );
    expect(rows.some((row) => row.includes('idb.writes_per_s'))).toBe(false);
  });
});
