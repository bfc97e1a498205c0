// `npm run bench -- --quick` runs and writes every result the issue names; speed itself is never asserted.
// By default only the Node groups run (seconds); CHECKPOINT_BENCH_FULL=1 runs the whole quick bench (≤ 5 min).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const RUN = fileURLToPath(new URL('../../bench/run.mjs', import.meta.url));
const FULL = process.env['CHECKPOINT_BENCH_FULL'] === '1';
const TIMEOUT_MS = FULL ? 300_000 : 120_000;

// The names, in its order: the contract of bench/results.json.
const NAMES = [
  'decode.clean640.p95_ms',
  'decode.clean1280.p95_ms',
  'decode.degraded.success_rate',
  'verify.node.per_s',
  'verify.chromium.per_s',
  'e2e.frame_to_decision.p95_ms',
  'e2e.longest_task_ms',
  'idb.writes_per_s',
  'sync.sqlite.records_per_s',
  'sync.postgres.records_per_s',
  'revocation.1m.lookup_us',
  'revocation.1m.mb',
  'revocation.1m.build_ms',
  'bundle.shell_gzip_kb',
  'bundle.decoder_gzip_kb',
  'bundle.full_1m.wire_mb',
  'bundle.full_1m.build_ms',
  'bundle.full_1m.apply_ms_4x',
  'bundle.delta_1k.wire_kb',
  // Issue 14: the province simulation (bench/sim.mjs).
  'sim.records_per_s',
  'sim.lost',
  'sim.duplicated',
  'sim.p99_upload_ms',
  // Issue 15.
  'decode.clean1280.vs_zxing_wasm',
  'idle.cpu_share',
  'e2e.throttled4x.frame_to_decision.p95_ms',
  'e2e.throttled4x.longest_task_ms',
  'start.throttled4x.ready_ms',
  'soak.100k.start_ms',
  'soak.100k.log_paint_ms',
  'soak.100k.search_ms',
  'soak.100k.bytes_per_record',
  'soak.heap_growth_mb',
  'soak.100k.sync_s',
];

// Figures the Node groups always measure on any machine, so the fast run checks that they produce numbers.
const NODE_NAMES = [
  'verify.node.per_s',
  'revocation.1m.lookup_us',
  'revocation.1m.mb',
  'revocation.1m.build_ms',
];

interface Result {
  name: string;
  value: number | null;
  unit: string;
  target: number | null;
  better: 'lower' | 'higher';
  compare?: Record<string, number | null>;
  note?: string;
}

interface ResultsDoc {
  machine: string;
  date: string;
  results: Result[];
}

let dir = '';
let doc: ResultsDoc;
let stdout = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  const out = join(dir, 'results.json');
  const args = [RUN, '--quick', '--out', out, ...(FULL ? [] : ['--only', 'verify,revocation'])];
  const run = await promisify(execFile)(process.execPath, args, { timeout: TIMEOUT_MS, maxBuffer: 16 << 20 });
  stdout = run.stdout;
  doc = JSON.parse(readFileSync(out, 'utf8')) as ResultsDoc;
}, TIMEOUT_MS);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`npm run bench -- --quick${FULL ? '' : ' (Node groups only; CHECKPOINT_BENCH_FULL=1 for all)'}`, () => {
  it('names the machine and the date of the run', () => {
    expect(doc.machine).toMatch(/×/);
    expect(new Date(doc.date).toISOString()).toBe(doc.date);
  });

  it('writes every result name of the issue, once, in order', () => {
    expect(doc.results.map((r) => r.name)).toEqual(NAMES);
  });

  it('gives each result a unit, a direction, a numeric or null target, and numeric contenders', () => {
    for (const r of doc.results) {
      expect(r.unit, r.name).toMatch(/\S/);
      expect(['lower', 'higher'], r.name).toContain(r.better);
      expect(r.target === null || Number.isFinite(r.target), r.name).toBe(true);
      for (const v of Object.values(r.compare ?? {}))
        expect(v === null || Number.isFinite(v), r.name).toBe(true);
    }
  });

  it('writes a number, or null with a note saying why, never anything else', () => {
    for (const r of doc.results) {
      if (r.value === null) expect(r.note, r.name).toMatch(/\S/);
      else expect(Number.isFinite(r.value), r.name).toBe(true);
    }
  });

  it('measures the Node figures, with the contenders beside them', () => {
    for (const name of NODE_NAMES) {
      const r = doc.results.find((x) => x.name === name);
      expect(r?.value, name).toBeGreaterThan(0);
    }
    const verify = doc.results.find((x) => x.name === 'verify.node.per_s');
    expect(Object.keys(verify?.compare ?? {}).sort()).toEqual(['@noble/ed25519', 'tweetnacl', 'webcrypto']);
  });

  it('prints the table with every name, its target and verdict', () => {
    for (const name of NAMES) expect(stdout).toContain(name);
    expect(stdout).toMatch(/verify\.node\.per_s\s+\S+ \/s\s+≥ \S+\s+(pass|miss)/);
    expect(stdout).toMatch(/revocation\.1m\.mb\s+\S+ MB\s+≤ 40\s+(pass|miss)/);
  });
});
