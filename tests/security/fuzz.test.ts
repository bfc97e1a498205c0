// The bounded fuzz run in CI (issue 11, "Proof"): every target of scripts/fuzz/ (the HCQ1 verifier and decoder,
// the batch parser, the bundle parser) on src/, with a fixed seed, for a few seconds. Invariants: never throws,
// never a false ok for mutated signed input, typed failures only. `npm run fuzz -- --cases 1000000` is the long run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzTargets, type FuzzTarget } from '../../scripts/fuzz/targets.mjs';
import { verifyBatch } from '../../src/core/batch.ts';
import { verifyBundle } from '../../src/core/bundle.ts';
import { naclEd25519 } from '../../src/core/ed25519.ts';
import { base45Encode } from '../../src/core/hcq1/base45.ts';
import { verifyHcq1 } from '../../src/core/hcq1/verify.ts';
import { TrustSet } from '../../src/core/trust.ts';

const SEED = 11;
const RUNS = 1000;
const SRC = new URL('../../src/', import.meta.url).pathname;
const fromSrc = (path: string) =>
  import(/* @vite-ignore */ `${SRC}${path}.ts`) as Promise<Record<string, unknown>>;
const targets = await fuzzTargets(fromSrc);

/** The first input (fast-check shrinks it) for which `target` reports a broken invariant, or null. */
async function firstFailure(target: FuzzTarget, numRuns = RUNS): Promise<string | null> {
  const run = await fc.check(
    fc.asyncProperty(target.arbitrary, async (input) => {
      const why = await target.check(input);
      if (why) throw new Error(why);
    }),
    { seed: SEED, numRuns },
  );
  return run.failed ? `${fc.stringify(run.counterexample)}: ${String(run.errorInstance)}` : null;
}

describe(`fuzz, seed ${SEED}, ${RUNS} cases a target`, () => {
  it('covers the HCQ1 verifier and decoder, the batch parser and the bundle parser', () => {
    expect(targets.map((t) => t.name.split(':')[0])).toEqual(
      expect.arrayContaining(['hcq1', 'batch', 'bundle']),
    );
  });

  it.each(targets.map((t) => [t.name, t] as const))('%s', async (_, target) => {
    expect(await firstFailure(target)).toBeNull();
  });
});

describe('the fuzz catches what it is there to catch (a broken core fails it)', () => {
  /** The targets named `prefix`, on src/ with one export of one module replaced. */
  async function brokenTargets(prefix: string, path: string, name: string, broken: unknown) {
    const load = async (p: string) => (p === path ? { ...(await fromSrc(p)), [name]: broken } : fromSrc(p));
    return (await fuzzTargets(load)).filter((t) => t.name.startsWith(prefix));
  }

  it.each([
    {
      name: 'a verifier that throws',
      target: 'hcq1',
      module: 'core/hcq1/verify',
      fn: 'verifyHcq1',
      caught: /verifyHcq1 threw/,
      broken: () => Promise.reject(new Error('boom')),
    },
    {
      name: 'a decoder that throws',
      target: 'hcq1',
      module: 'core/hcq1/decode',
      fn: 'decodeHcq1',
      caught: /decodeHcq1 threw/,
      broken: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    },
    {
      name: 'a verifier that skips the signature',
      target: 'hcq1: signed codes, bytes',
      module: 'core/hcq1/verify',
      fn: 'verifyHcq1',
      caught: /false ok/,
      broken: okWithSomeClaims,
    },
    {
      name: 'a batch parser that skips the signature',
      target: 'batch: signed batch mutated',
      module: 'core/batch',
      fn: 'verifyBatch',
      caught: /false ok/,
      broken: (s: { batch: unknown }) => ({ ok: true, value: s.batch }),
    },
    {
      name: 'a batch parser with an untyped error',
      target: 'batch',
      module: 'core/batch',
      fn: 'verifyBatch',
      caught: /untyped batch error/,
      broken: () => ({ ok: false, error: 'no' }),
    },
    {
      name: 'a bundle parser that skips the signature',
      target: 'bundle: root-signed',
      module: 'core/bundle',
      fn: 'verifyBundle',
      caught: /false ok/,
      broken: () => ({ ok: true, value: {} }),
    },
  ])('$name', async ({ target, module, fn, caught, broken }) => {
    const [first] = await brokenTargets(target, module, fn, broken);
    expect(await firstFailure(first!, 100)).toMatch(caught);
  });
});

// The mutators nest a few levels; a hostile sender nests thousands (issue 11 item 7 saw 100,000 on the server).
describe('deeply nested input', () => {
  const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

  it('the HCQ1 verifier: 600 nested arrays in the unsigned header (as deep as 1024 characters allow)', async () => {
    const deep = [...new Array(600).fill(0x81), 0x00];
    // 18([h'', {1: [[[…0…]]]}, h'', h'00…'])
    const cose = [0xd2, 0x84, 0x40, 0xa1, 0x01, ...deep, 0x40, 0x58, 64, ...new Array(64).fill(0)];
    const text = 'HCQ1:' + base45Encode(new Uint8Array(cose));
    expect(text.length).toBeLessThanOrEqual(1024);
    await expect(verifyHcq1(text, { trust: TrustSet.from([]), now: 0 })).resolves.toMatchObject({
      result: 'malformed',
    });
  });

  it('the bundle parser: 100,000 nested arrays as the body are refused unread, for want of the root signature', async () => {
    const signed = {
      body: '['.repeat(100_000) + ']'.repeat(100_000),
      signature: 'A'.repeat(86) + '==',
      keyId: 'x',
    };
    await expect(verifyBundle(signed, new Uint8Array(32), naclEd25519)).resolves.toMatchObject({ ok: false });
  });

  // Issue 11 item 7: verifyBatch canonicalises the body, recursively, to check the signature; 5,000 nested arrays
  // overflowed the stack before any signature was looked at. Nesting deeper than any record is refused first.
  it('the batch parser: 100,000 nested arrays in a record, unsigned, are a typed error', async () => {
    const batch = {
      format: 'checkpoint-batch/1',
      deviceId: 'd',
      batchId: 'b',
      createdAt: '2022-03-01T10:00:00Z',
    };
    const signed = { batch: { ...batch, records: [nested(100_000)] }, signature: 'A'.repeat(86) + '==' };
    await expect(verifyBatch(signed, new Uint8Array(32), naclEd25519)).resolves.toEqual({
      ok: false,
      error: { kind: 'malformed', detail: 'nested too deep' },
    });
  });
});

// A verifier that answers ok with plausible claims without looking at the signature.
async function okWithSomeClaims() {
  const subject = new Uint8Array(16);
  const claims = {
    iss: 'CN-ZJ',
    iat: 1,
    exp: 2,
    subject,
    colour: 'green',
    colourSince: 1,
    name: 'x',
    idLast4: '1',
  };
  return { result: 'ok', claims, kid: '00' };
}
