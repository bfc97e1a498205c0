// The fuzz targets: the HCQ1 verifier and decoder, the batch parser and the bundle parser, each a fast-check
// arbitrary of mutated input and a check of the invariants it must keep: never throws, never a false ok, typed
// failures only. Shared by the bounded run in CI (tests/security/fuzz.test.ts, on src/) and the long run
// (scripts/fuzz.mjs, on the compiled lib/).
import { batchTargets } from './batch.mjs';
import { bundleTargets } from './bundle.mjs';
import { hcq1Targets } from './hcq1.mjs';

/** The core modules the targets exercise, by path below src/ or lib/, without extension. */
export const CORE_MODULES = {
  bytes: 'core/bytes',
  verify: 'core/hcq1/verify',
  decode: 'core/hcq1/decode',
  cose: 'core/hcq1/cose',
  encode: 'core/hcq1/encode',
  base45: 'core/hcq1/base45',
  json: 'core/hcq1/json',
  trust: 'core/trust',
  ed25519: 'core/ed25519',
  batch: 'core/batch',
  log: 'core/log',
  bundle: 'core/bundle',
};

/**
 * One target: named, an arbitrary of inputs, and a check resolving to the first invariant an input breaks, or null.
 * @typedef {{ name: string, arbitrary: import('fast-check').Arbitrary<unknown>,
 *   check: (input: unknown) => Promise<string | null> }} FuzzTarget
 */

/**
 * Loads the core through `load` (an import of a CORE_MODULES path from src/ or lib/) and builds every target.
 * @param {(path: string) => Promise<Record<string, unknown>>} load
 * @returns {Promise<FuzzTarget[]>}
 */
export async function fuzzTargets(load) {
  const entries = await Promise.all(Object.entries(CORE_MODULES).map(async ([k, p]) => [k, await load(p)]));
  const core = Object.fromEntries(entries);
  const ed = await core.ed25519.bestEd25519();
  return [...hcq1Targets(core, ed), ...(await batchTargets(core, ed)), ...bundleTargets(core, ed)];
}
