// Loads the public HCQ1 vectors (../shared/spec/vectors) for the tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RevocationSet, parseRevocationsFile } from '../../src/core/revocations.ts';
import { TrustSet, parseKeysFile } from '../../src/core/trust.ts';
import type { VerifyResult } from '../../src/core/hcq1/types.ts';

/** Directory of the shared public vectors. */
export const VECTORS_DIR = fileURLToPath(new URL('../../../shared/spec/vectors/', import.meta.url));

const read = (f: string): unknown => JSON.parse(readFileSync(VECTORS_DIR + f, 'utf8'));

/** One public vector. */
export interface VectorCase {
  name: string;
  text: string;
  at: string;
  expect: VerifyResult;
}

/** The vectors file. */
export const vectors = read('vectors.json') as { skewSeconds: number; cases: VectorCase[] };

const keys = parseKeysFile(read('keys.json'));
const revs = parseRevocationsFile(read('revocations.json'));
if (!keys.ok || !revs.ok) throw new Error('the shared vector files do not parse');

/** The vectors' trusted keys. */
export const vectorTrust = TrustSet.from(keys.value);
/** The vectors' revocations. */
export const vectorRevocations = RevocationSet.from(revs.value);
