// revocation.1m.*: RevocationSet at 1,000,000 entries (lookup µs, memory MB, build ms), beside a plain Map.
// Run with --expose-gc so the memory figure is a real heap + ArrayBuffer delta, not an estimate.
import { performance } from 'node:perf_hooks';
import { RevocationSet } from '../../lib/core/revocations.js';
import { runChild } from '../common/child.mjs';
import { median } from '../common/stats.mjs';

const N = 1_000_000;
const ISSUERS = ['CN-ZJ', 'CN-YN', 'CN-CQ', 'CN-GD', 'CN-SH', 'CN-BJ', 'CN-JS', 'CN-SC'];

const gc = globalThis.gc;

// Heap plus ArrayBuffers (typed arrays live outside the JS heap), after a full collection.
function used() {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

// xorshift32: fixed pseudo-random subjects, so every run builds the same set.
function subjects(count, seedValue) {
  const out = new Uint8Array(count * 16);
  let x = seedValue >>> 0 || 1;
  for (let i = 0; i < out.length; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x;
    out[i + 1] = x >>> 8;
    out[i + 2] = x >>> 16;
    out[i + 3] = x >>> 24;
  }
  return out;
}

const subjectAt = (buf, i) => buf.subarray(i * 16, i * 16 + 16);
const hex = (b) => Buffer.from(b).toString('hex');

await runChild(async ({ quick }, emit) => {
  if (typeof gc !== 'function') throw new Error('run with node --expose-gc (run.mjs does)');
  const present = subjects(N, 0x9e3779b9);
  const absent = subjects(N, 0x12345678);
  const lookups = quick ? 200_000 : 2_000_000;
  const iss = (i) => ISSUERS[i % ISSUERS.length];
  const before = (i) => 1_700_000_000 + (i % 86400);

  // Checkpoint: the typed-array open-addressing set, sized up front as the app does when loading a list.
  const base = used();
  const t0 = performance.now();
  const set = new RevocationSet(N);
  for (let i = 0; i < N; i++) set.add(iss(i), subjectAt(present, i), before(i));
  const buildMs = performance.now() - t0;
  const mb = (used() - base) / 1e6;
  if (set.size !== N) throw new Error(`set holds ${set.size}, expected ${N}`);

  // Half hits, half misses, over random entries; several passes, the median one reported.
  const lookup = (fn) => {
    const passes = [];
    for (let p = 0; p < (quick ? 3 : 5); p++) {
      let hits = 0;
      const start = performance.now();
      for (let k = 0; k < lookups; k++) {
        const i = ((k * 2654435761) % N) >>> 0;
        const buf = k & 1 ? absent : present;
        if (fn(iss(i), subjectAt(buf, i)) !== undefined) hits++;
      }
      passes.push(((performance.now() - start) * 1000) / lookups);
      if (hits !== lookups / 2) throw new Error(`expected ${lookups / 2} hits, got ${hits}`);
    }
    return median(passes);
  };
  const lookupUs = lookup((i, s) => set.revokedBefore(i, s));
  const byteLength = set.byteLength;

  // The contender a developer would write first: a Map keyed by issuer and hex subject.
  let map = null;
  const mapBase = used();
  const t1 = performance.now();
  map = new Map();
  for (let i = 0; i < N; i++) {
    const key = `${iss(i)}:${hex(subjectAt(present, i))}`;
    const prev = map.get(key);
    if (prev === undefined || before(i) > prev) map.set(key, before(i));
  }
  const mapBuildMs = performance.now() - t1;
  const mapMb = (used() - mapBase) / 1e6;
  const mapLookupUs = lookup((i, s) => map.get(`${i}:${hex(s)}`));

  const sizeNote = `${N.toLocaleString('en')} entries over ${ISSUERS.length} issuers`;
  emit('revocation.1m.lookup_us', {
    value: lookupUs,
    compare: { 'Map (hex keys)': mapLookupUs },
    note: `${sizeNote}; ${lookups.toLocaleString('en')} lookups per pass, half present, half absent; median of passes`,
  });
  emit('revocation.1m.mb', {
    value: mb,
    compare: { 'Map (hex keys)': mapMb },
    note: `heapUsed + arrayBuffers after gc, minus before building; the set's own typed arrays are ${(byteLength / 1e6).toFixed(1)} MB (byteLength)`,
    detail: { byteLengthMb: Number((byteLength / 1e6).toFixed(2)) },
  });
  emit('revocation.1m.build_ms', {
    value: buildMs,
    compare: { 'Map (hex keys)': mapBuildMs },
    note: `${sizeNote}: add() one by one into a set sized for N (the entries' bytes already in memory)`,
  });
  map = null;
});
