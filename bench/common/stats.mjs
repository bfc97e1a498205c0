// The bench's statistics, one implementation for Node and the bench page: quantiles, medians and rates.
// Plain JavaScript with no Node or DOM imports (only the global `performance`), so both can load it.

/**
 * The q-quantile (0..1) of numbers, by nearest rank; null for none.
 * @param {readonly number[]} xs
 * @param {number} q
 * @returns {number | null}
 */
export function quantile(xs, q) {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/**
 * The median of numbers (the lower one of an even count); null for none.
 * @param {readonly number[]} xs
 * @returns {number | null}
 */
export const median = (xs) => quantile(xs, 0.5);

/**
 * Operations per second of `op` (sync or async) over one stretch of `ms` milliseconds.
 * @param {(i: number) => unknown} op
 * @param {number} ms
 * @returns {Promise<number>}
 */
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
 * @param {Record<string, (i: number) => unknown>} ops
 * @param {{ ms: number, rounds: number }} opts
 * @returns {Promise<Record<string, number>>}
 */
export async function interleavedRates(ops, { ms, rounds }) {
  const names = Object.keys(ops);
  for (const n of names) await rate(ops[n], ms);
  /** @type {Record<string, number[]>} */
  const rates = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) for (const n of names) rates[n].push(await rate(ops[n], ms));
  return Object.fromEntries(names.map((n) => [n, median(rates[n])]));
}
