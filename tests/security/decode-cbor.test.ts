// Issue 11 item 13, performed through the real `checkpoint` binary: a code whose CBOR refers to itself (cbor-x's
// shared references, tags 28/29) made `checkpoint decode` die with a stack trace and no JSON. The contract
// (shared/contract): one JSON object on stdout, exit 0/1/2; spec §3 step 1 and 5: such CBOR is `malformed`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keysFileJson } from '../../src/core/trust.ts';
import { CLI, ensureBuilt, ROOT } from '../support/cli.js';
import { AT, ISSUER, TAGGED_ITEMS, attackText, type Place } from './hcq1-attacks.ts';

const dir = mkdtempSync(join(tmpdir(), 'checkpoint-cbor-'));
const keys = join(dir, 'keys.json');

beforeAll(() => {
  ensureBuilt();
  writeFileSync(keys, JSON.stringify(keysFileJson([ISSUER.key])));
}, 120_000);

/** Runs the installed command as a venue would: `node bin/checkpoint.mjs ...`, with a time limit. */
function checkpoint(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The one JSON object a command printed, after checking nothing else came out and no stack leaked. */
function oneJsonObject(run: ReturnType<typeof checkpoint>): Record<string, unknown> {
  expect(run.stderr).toBe('');
  expect(run.stdout).not.toMatch(/\n\s+at /);
  const value = JSON.parse(run.stdout) as unknown;
  expect(value).toBeTypeOf('object');
  return value as Record<string, unknown>;
}

const item = (name: string) => TAGGED_ITEMS.find((t) => t.name.startsWith(name))!;
const SELF_ARRAY = item('a self-referencing array');
const SELF_MAP = item('a self-referencing map');
const DAG = item('a reference DAG');

describe('checkpoint decode of self-referencing CBOR', () => {
  it.each<[string, Place, (typeof TAGGED_ITEMS)[number]]>([
    ['an array containing itself, in the claims', 'payload', SELF_ARRAY],
    ['a map containing itself, in the claims', 'payload', SELF_MAP],
    ['2^36 paths through shared references, in the claims', 'payload', DAG],
    ['an array containing itself, in the unsigned header', 'unprotected', SELF_ARRAY],
    ['2^36 paths through shared references, in the signed header', 'protected', DAG],
  ])('%s: exit 1 and one JSON object saying malformed', (_, place, attack) => {
    const run = checkpoint('decode', attackText(place, attack.item));
    expect(run.code).toBe(1);
    expect(oneJsonObject(run)).toMatchObject({
      ok: false,
      verified: false,
      result: 'malformed',
      detail: expect.stringContaining('CBOR tag 28'),
    });
  });
});

// Found by the long fuzz run (docs/security.md): the same crash through another door, a BigInt in the header.
describe('checkpoint decode of a 64-bit alg, which cbor-x decodes to a BigInt', () => {
  const text = attackText('alg', [0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

  it('decode: exit 0 and one JSON object showing the number as a string', () => {
    const run = checkpoint('decode', text);
    expect(run.code).toBe(0);
    expect(oneJsonObject(run)).toMatchObject({ ok: true, verified: false, alg: '18446744073709551615' });
  });

  it('verify: unsupported (spec §3 step 2), exit 1', () => {
    const run = checkpoint('verify', '--keys', keys, '--at', AT, text);
    expect(run.code).toBe(1);
    expect(oneJsonObject(run)).toMatchObject({ result: 'unsupported' });
  });
});

describe('checkpoint verify and decide of self-referencing CBOR signed by a trusted issuer', () => {
  it.each<[string, Place, (typeof TAGGED_ITEMS)[number]]>([
    ['in the claims', 'payload', SELF_ARRAY],
    ['in the unsigned header, which anyone can add to a genuine code', 'unprotected', DAG],
  ])('verify %s: malformed, exit 1', (_, place, attack) => {
    const run = checkpoint('verify', '--keys', keys, '--at', AT, attackText(place, attack.item));
    expect(run.code).toBe(1);
    const out = oneJsonObject(run);
    expect(out).toMatchObject({ result: 'malformed', detail: expect.stringContaining('CBOR tag 28') });
    expect(out.claims).toBeUndefined();
  });

  it('decide: a deny on a malformed code, exit 1', () => {
    const text = attackText('unprotected', SELF_MAP.item);
    const run = checkpoint(
      'decide',
      '--policy',
      'zhejiang-2020',
      '--venue',
      'mall',
      '--keys',
      keys,
      '--at',
      AT,
      '--code',
      text,
    );
    expect(run.code).toBe(1);
    expect(oneJsonObject(run)).toMatchObject({ decision: 'deny', verification: { result: 'malformed' } });
  });

  it('the same code without the tags verifies ok, so the refusals above are the tags', () => {
    const run = checkpoint('verify', '--keys', keys, '--at', AT, attackText('unprotected', [0x01]));
    expect(run.code).toBe(0);
    expect(oneJsonObject(run)).toMatchObject({ result: 'ok' });
  });
});
