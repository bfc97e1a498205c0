// The benchmark's results: every figure the issue names, its target, and the contenders measured beside it.
import os from 'node:os';
import { median } from './stats.mjs';

/**
 * Every result name, with its unit, which direction is better, and the issue's target (null where the issue
 * states none; 'best-contender' and '0.8x-fastest' are resolved from the contenders of the same run).
 */
export const SPECS = [
  { name: 'decode.clean640.p95_ms', unit: 'ms', better: 'lower', target: 33 },
  { name: 'decode.clean1280.p95_ms', unit: 'ms', better: 'lower', target: null },
  { name: 'decode.degraded.success_rate', unit: 'ratio', better: 'higher', target: 'best-contender' },
  { name: 'verify.node.per_s', unit: '/s', better: 'higher', target: '0.8x-fastest' },
  { name: 'verify.chromium.per_s', unit: '/s', better: 'higher', target: '0.8x-fastest' },
  { name: 'e2e.frame_to_decision.p95_ms', unit: 'ms', better: 'lower', target: 150 },
  { name: 'e2e.longest_task_ms', unit: 'ms', better: 'lower', target: 50 },
  { name: 'idb.writes_per_s', unit: '/s', better: 'higher', target: 500 },
  { name: 'sync.sqlite.records_per_s', unit: '/s', better: 'higher', target: 10000 },
  { name: 'sync.postgres.records_per_s', unit: '/s', better: 'higher', target: 5000 },
  { name: 'revocation.1m.lookup_us', unit: 'µs', better: 'lower', target: 2 },
  { name: 'revocation.1m.mb', unit: 'MB', better: 'lower', target: 40 },
  { name: 'revocation.1m.build_ms', unit: 'ms', better: 'lower', target: null },
  { name: 'bundle.shell_gzip_kb', unit: 'kB', better: 'lower', target: 60 },
  { name: 'bundle.decoder_gzip_kb', unit: 'kB', better: 'lower', target: null },
  { name: 'bundle.full_1m.wire_mb', unit: 'MB', better: 'lower', target: 20 },
  { name: 'bundle.full_1m.build_ms', unit: 'ms', better: 'lower', target: 2000 },
  { name: 'bundle.full_1m.apply_ms_4x', unit: 'ms', better: 'lower', target: 2000 },
  { name: 'bundle.delta_1k.wire_kb', unit: 'kB', better: 'lower', target: 25 },
  { name: 'sim.records_per_s', unit: '/s', better: 'higher', target: 3000 },
  { name: 'sim.lost', unit: 'records', better: 'lower', target: 0 },
  { name: 'sim.duplicated', unit: 'records', better: 'lower', target: 0 },
  { name: 'sim.p99_upload_ms', unit: 'ms', better: 'lower', target: 1000 },
  // Issue 15: the cheap phone, hard codes, the long shift.
  { name: 'decode.clean1280.vs_zxing_wasm', unit: '×', better: 'lower', target: 1.2 },
  { name: 'idle.cpu_share', unit: 'core', better: 'lower', target: 0.1 },
  { name: 'e2e.throttled4x.frame_to_decision.p95_ms', unit: 'ms', better: 'lower', target: 150 },
  { name: 'e2e.throttled4x.longest_task_ms', unit: 'ms', better: 'lower', target: 50 },
  { name: 'start.throttled4x.ready_ms', unit: 'ms', better: 'lower', target: 1500 },
  { name: 'soak.100k.start_ms', unit: 'ms', better: 'lower', target: 1500 },
  { name: 'soak.100k.log_paint_ms', unit: 'ms', better: 'lower', target: 300 },
  { name: 'soak.100k.search_ms', unit: 'ms', better: 'lower', target: 100 },
  { name: 'soak.100k.bytes_per_record', unit: 'B', better: 'lower', target: null },
  { name: 'soak.heap_growth_mb', unit: 'MB', better: 'lower', target: 5 },
  { name: 'soak.100k.sync_s', unit: 's', better: 'lower', target: null },
];

/** The result names, in the order the issue lists them. */
export const NAMES = SPECS.map((s) => s.name);

const specOf = new Map(SPECS.map((s) => [s.name, s]));

/** A description of this machine: CPU model and count, memory, OS and Node version. */
export function machine() {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const gb = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${model} × ${cpus.length}, ${gb} GB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.versions.node}`;
}

/** Rounds to 3 significant figures (enough for figures that vary by more than that between runs). */
export function round(v) {
  if (v === null || !Number.isFinite(v) || v === 0) return v;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(v))));
  return Number(v.toFixed(Math.min(digits, 6)));
}

function roundCompare(compare) {
  if (!compare) return undefined;
  const out = {};
  for (const [k, v] of Object.entries(compare)) out[k] = typeof v === 'number' ? round(v) : v;
  return out;
}

/** The numeric target of a spec, resolved against the contenders where the target is relative. */
function resolveTarget(spec, compare) {
  if (typeof spec.target === 'number' || spec.target === null) return spec.target;
  const values = Object.values(compare ?? {}).filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  if (spec.target === 'best-contender')
    return spec.better === 'higher' ? Math.max(...values) : Math.min(...values);
  if (spec.target === '0.8x-fastest') return 0.8 * Math.max(...values);
  return null;
}

/** The value over the best contender's (the highest where higher is better, else the lowest); null without one. */
export function vsBest(spec, value, compare) {
  const values = Object.values(compare ?? {}).filter(
    (v) => typeof v === 'number' && Number.isFinite(v) && v > 0,
  );
  if (value === null || values.length === 0) return null;
  return value / (spec.better === 'higher' ? Math.max(...values) : Math.min(...values));
}

/** Whether a value meets its target: 'pass', 'miss', or '—' when there is no value or no target. */
export function verdict(r) {
  if (r.value === null || r.target === null || r.target === undefined) return '—';
  return (r.better === 'higher' ? r.value >= r.target : r.value <= r.target) ? 'pass' : 'miss';
}

/** Collects results by name; `finish` fills every name never measured with null and the reason. */
export class Results {
  constructor() {
    this.byName = new Map();
  }

  /**
   * Records a figure. `value` null means it could not be measured here, and `note` must say why.
   * `compare` holds the contenders' figures for the same measurement; `detail` anything else measured.
   * @param {string} name
   * @param {{ value: number | null, compare?: Record<string, number | null>, note?: string, detail?: unknown }} result
   */
  set(name, { value, compare, note, detail }) {
    const spec = specOf.get(name);
    if (!spec) throw new Error(`unknown result name ${name}`);
    if (value === null && !note) throw new Error(`${name}: a null value needs a note saying why`);
    if (value !== null && !Number.isFinite(value)) throw new Error(`${name}: value ${value} is not a number`);
    const entry = {
      name,
      value: round(value),
      unit: spec.unit,
      target: round(resolveTarget(spec, compare)),
      better: spec.better,
    };
    const c = roundCompare(compare);
    if (c && Object.keys(c).length > 0) entry.compare = c;
    const ratio = vsBest(spec, value, compare);
    if (ratio !== null) entry.vs_best = round(ratio);
    if (note) entry.note = note;
    if (detail) entry.detail = detail;
    this.byName.set(name, entry);
  }

  /** Records null for each of `names` not yet set, with `note` as the reason. */
  missing(names, note) {
    for (const n of names) if (!this.byName.has(n)) this.set(n, { value: null, note });
  }

  /** The results.json document: every name, in the issue's order. */
  finish(date = new Date()) {
    this.missing(NAMES, 'not measured: the measurement did not report this figure');
    return {
      machine: machine(),
      date: date.toISOString(),
      results: NAMES.map((n) => this.byName.get(n)),
    };
  }
}

function fmt(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v !== 'number') return String(v);
  return String(round(v));
}

// The contenders' figures, then this figure's ratio to the best of them.
function contenders(r) {
  if (!r.compare) return '';
  const list = Object.entries(r.compare)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
  return r.vs_best === undefined ? list : `${list} (${fmt(r.vs_best)}× best)`;
}

/** The stdout table: name, figure, target, pass/miss, and the contenders. */
export function table(doc) {
  const rows = doc.results.map((r) => [
    r.name,
    r.value === null ? 'null' : `${fmt(r.value)} ${r.unit}`,
    r.target === null ? '—' : `${r.better === 'higher' ? '≥' : '≤'} ${fmt(r.target)}`,
    verdict(r),
    contenders(r),
  ]);
  const head = ['name', 'Checkpoint', 'target', 'verdict', 'contenders'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const notes = doc.results.filter((r) => r.note).map((r) => `  ${r.name}: ${r.note}`);
  return [
    `machine: ${doc.machine}`,
    `date:    ${doc.date}`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(notes.length ? ['', 'notes:', ...notes] : []),
  ].join('\n');
}

/** The same table in Markdown, for docs/performance.md. */
export function markdownTable(doc) {
  const esc = (s) => String(s).replaceAll('|', '\\|');
  const out = ['| name | Checkpoint | target | verdict | contenders |', '|---|---|---|---|---|'];
  for (const r of doc.results) {
    out.push(
      `| \`${r.name}\` | ${r.value === null ? 'null' : `${fmt(r.value)} ${r.unit}`} | ${
        r.target === null ? '—' : `${r.better === 'higher' ? '≥' : '≤'} ${fmt(r.target)}`
      } | ${verdict(r)} | ${esc(contenders(r))} |`,
    );
  }
  return out.join('\n');
}

/**
 * Several runs side by side in Markdown: each run's figure, the range as a share of the median (what is noise),
 * and how many runs met the target. Names in the first run's order.
 */
export function spreadTable(docs) {
  const head = docs.map((_, i) => `run ${i + 1}`).join(' | ');
  const out = [
    `| name | ${head} | median | spread | target | met |`,
    `|---|${docs.map(() => '---|').join('')}---|---|---|---|`,
  ];
  for (const first of docs[0].results) {
    const runs = docs.map((d) => d.results.find((r) => r.name === first.name) ?? { value: null });
    const values = runs.map((r) => r.value).filter((v) => typeof v === 'number');
    if (values.length === 0) continue;
    const mid = median(values);
    const range = Math.max(...values) - Math.min(...values);
    const spread = values.length < 2 || mid === 0 ? '—' : `±${fmt((50 * range) / Math.abs(mid))} %`;
    const judged = runs.map(verdict).filter((v) => v !== '—');
    const met =
      judged.length === 0 ? '—' : `${judged.filter((v) => v === 'pass').length} of ${judged.length}`;
    // A target relative to the contenders moves with each run's contenders.
    const targets = [
      ...new Set(
        runs
          .map((r) => r.target)
          .filter((t) => t != null)
          .map(fmt),
      ),
    ];
    const sign = first.better === 'higher' ? '≥' : '≤';
    const target = targets.length === 0 ? '—' : `${sign} ${targets.join(' / ')}`;
    out.push(
      `| \`${first.name}\` | ${runs.map((r) => fmt(r.value)).join(' | ')} | ${fmt(mid)} ${first.unit} | ${spread} | ${target} | ${met} |`,
    );
  }
  return out.join('\n');
}
