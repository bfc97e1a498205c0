// `checkpoint decide`: one JSON decision, exit 0 admit / 1 deny / 2 usage naming the flag at fault.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HealthClaims } from '../../src/core/hcq1/types.ts';
import { revocationsFileJson } from '../../src/core/revocations.ts';
import { keysFileJson } from '../../src/core/trust.ts';
import { newIssuerKey } from '../../src/core/issuer.ts';
import { cli } from '../support/cli.ts';
import { signedCode } from '../support/codes.ts';

const AT = '2021-12-01T08:00:00Z';
const NOW = Date.parse(AT) / 1000;
const dir = mkdtempSync(join(tmpdir(), 'checkpoint-decide-'));
const issuer = newIssuerKey('CN-CQ', NOW - 365 * 86400, 10, new Uint8Array(32).fill(7));
const keysFile = join(dir, 'keys.json');
writeFileSync(keysFile, JSON.stringify(keysFileJson([issuer.key])));

const subject = new Uint8Array(16).fill(9);
const codeFor = (claims: Partial<HealthClaims>): string =>
  signedCode(issuer, { subject, idLast4: '002X', ...claims }, NOW);

const decide = (...args: string[]) => cli(['decide', ...args, '--at', AT]);
// The flags as typed on the command line.
const decideFlags = (flags: string) => decide(...flags.split(' '));

describe('checkpoint decide --color', () => {
  it('003 §17 yellow at a transit hub: deny (exit 1) with hold + report and the citation', async () => {
    const r = await decideFlags('--policy chongqing-2021 --venue transit-hub --color yellow');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({
      decision: 'deny',
      actions: ['hold', 'report'],
      policy: 'chongqing-2021',
      policyVersion: 2,
      reasons: [{ rule: 'yellow-hold-report', cite: '003 §17', text: expect.stringContaining('就地管控') }],
    });
  });
  it('003 §18 yellow at a hospital with a negative test 6 hours old: admit (exit 0)', async () => {
    const r = await decideFlags(
      '--policy chongqing-2021 --venue medical --color yellow --test negative@2021-12-01T02:00:00Z',
    );
    expect(r).toMatchObject({ code: 0, json: { decision: 'admit' } });
  });
  it('002 §4(1) Yunnan green since 20 days: deny with re-register; --since is read', async () => {
    const r = await decideFlags(
      '--policy yunnan-2020 --venue office --color green --since 2021-11-11T08:00:00Z',
    );
    expect(r).toMatchObject({ code: 1, json: { decision: 'deny', actions: ['re-register'] } });
  });
  it('001 §2(2) Zhejiang yellow in a taxi: with --mask admit, without deny asking for a mask', async () => {
    const args = ['--policy', 'zhejiang-2020', '--venue', 'taxi', '--color', 'yellow'];
    expect((await decide(...args, '--mask')).json).toMatchObject({ decision: 'admit', actions: ['mask'] });
    expect((await decide(...args)).json).toMatchObject({ decision: 'deny', actions: ['mask'] });
  });
  it('--temperature is applied: 37.5 °C at a Yunnan mall sends a green code to the fever clinic', async () => {
    const r = await decideFlags('--policy yunnan-2020 --venue mall --color green --temperature 37.5');
    expect(r.json).toMatchObject({ decision: 'deny', actions: ['fever-clinic'] });
  });
  it('--emergency: a yellow-code emergency at a Chongqing hospital is admitted', async () => {
    const r = await decideFlags('--policy chongqing-2021 --venue medical --color yellow --emergency');
    expect(r).toMatchObject({ code: 0, json: { decision: 'admit', actions: ['report', 'escort'] } });
  });
  it('001 §1(2), §2(2) yellow with 37.5 °C in a Zhejiang taxi, masked: admit (fever is a yellow criterion, not a door rule)', async () => {
    const r = await decideFlags(
      '--policy zhejiang-2020 --venue taxi --color yellow --mask --temperature 37.5',
    );
    expect(r).toMatchObject({
      code: 0,
      json: { decision: 'admit', outcome: 'admit', actions: ['test', 'mask'] },
    });
  });
  it('--option decides under another reading the policy offers: fever=refuse turns the same case into a deny', async () => {
    const r = await decideFlags(
      '--policy zhejiang-2020 --venue taxi --color yellow --mask --temperature 37.5 --option fever=refuse',
    );
    expect(r).toMatchObject({ code: 1, json: { decision: 'deny', actions: ['fever-clinic', 'test'] } });
  });
  it('--option may be repeated', async () => {
    const args = ['--policy', 'zhejiang-2020', '--venue', 'public-transport', '--color', 'yellow'];
    expect((await decide(...args)).json).toMatchObject({ decision: 'admit' });
    const both = ['--option', 'yellow-vehicles=public-transport', '--option', 'yellow-unlisted=refuse'];
    expect((await decide(...args, ...both)).json).toMatchObject({ decision: 'deny', actions: ['mask'] });
    expect((await decide(...args, ...both, '--mask')).json).toMatchObject({ decision: 'admit' });
  });
  it('000 §6(3)1 "outcome": a red code at a Yunnan hospital is admitted for care, escorted — not a plain admit', async () => {
    const r = await decide('--policy', 'yunnan-2020', '--venue', 'medical', '--color', 'red');
    expect(r).toMatchObject({
      code: 0,
      json: { decision: 'admit', outcome: 'admit-escorted', actions: ['report', 'escort'] },
    });
    const green = await decide('--policy', 'yunnan-2020', '--venue', 'medical', '--color', 'green');
    expect(green.json).toMatchObject({ decision: 'admit', outcome: 'admit' });
  });
  it('--at defaults to now', async () => {
    const r = await cli(['decide', '--policy', 'zhejiang-2020', '--venue', 'mall', '--color', 'green']);
    expect(r).toMatchObject({ code: 0, json: { decision: 'admit' } });
  });
});

describe('checkpoint decide --manual', () => {
  it('001 §3(4) an elderly person without a phone rides public transport with a mask, identity verified', async () => {
    const r = await decideFlags(
      '--policy zhejiang-2020 --venue public-transport --manual --reason elderly --mask',
    );
    expect(r).toMatchObject({ code: 0, json: { decision: 'admit', actions: ['verify-identity', 'mask'] } });
  });
  it('--declare may be repeated; a declared contact is red', async () => {
    const r = await decideFlags(
      '--policy chongqing-2021 --venue mall --manual --reason child --declare fever --declare contact',
    );
    expect(r).toMatchObject({ code: 1, json: { decision: 'deny', colour: 'red' } });
    expect((r.json?.actions as string[]).sort()).toEqual(['hold', 'report']);
  });
  // 001 §1(1): 近14天内有境外旅居史的人员 → 红码
  it('001 §1(1) --declare abroad is its own answer: a stay abroad is red in Zhejiang', async () => {
    const r = await decideFlags(
      '--policy zhejiang-2020 --venue public-transport --manual --reason elderly --mask --declare abroad',
    );
    expect(r).toMatchObject({ code: 1, json: { decision: 'deny', colour: 'red' } });
  });
  // 002 附件 §4(2)7: 系統支持他人代填,老人、小孩等無手機人員可由家人進行代填申報。
  it('002 附件 §4(2)7 --proxy: the policy sees a family member’s declaration (identity checked)', async () => {
    const r = await decideFlags('--policy yunnan-2020 --venue mall --manual --reason elderly --proxy');
    expect(r.json?.reasons).toContainEqual(expect.objectContaining({ rule: 'proxy-family' }));
    const code = await decideFlags('--policy yunnan-2020 --venue mall --code x --keys k --proxy');
    expect(code).toMatchObject({ code: 2, stderr: expect.stringContaining('--proxy goes only with') });
  });
});

describe('checkpoint decide --code (verified with verifyHcq1)', () => {
  // A Chongqing venue deciding on a code checked against the issuer's keys.
  const decideCode = (venue: string, text: string, ...more: string[]) =>
    decide('--policy', 'chongqing-2021', '--venue', venue, '--code', text, '--keys', keysFile, ...more);
  it('a valid yellow code with a negative test in it is admitted at a Chongqing hospital, with the verification', async () => {
    const text = codeFor({ colour: 'yellow', test: { result: 'negative', sampledAt: NOW - 3 * 3600 } });
    const r = await decideCode('medical', text);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      decision: 'admit',
      verification: {
        result: 'ok',
        kid: issuer.key.kid,
        claims: expect.objectContaining({ name: '张*三', id: '002X', colour: 'yellow' }),
      },
    });
  });
  it('the code can come from stdin', async () => {
    const flags = ['--policy', 'chongqing-2021', '--venue', 'mall', '--keys', keysFile, '--at', AT];
    const r = await cli(['decide', ...flags, '--code', '-'], codeFor({}));
    expect(r).toMatchObject({ code: 0, json: { decision: 'admit', colour: 'green' } });
  });
  it('a proxy code (px) asks staff to verify identity', async () => {
    const r = await decideCode('mall', codeFor({ proxy: true }));
    expect(r.json).toMatchObject({ decision: 'admit', actions: ['verify-identity'] });
  });
  it('Yunnan counts the 14 days from the code’s colour-since', async () => {
    const yn = newIssuerKey('CN-YN', NOW - 86400, 10, new Uint8Array(32).fill(3));
    const f = join(dir, 'yn.json');
    writeFileSync(f, JSON.stringify(keysFileJson([yn.key])));
    const text = signedCode(yn, { colourSince: NOW - 15 * 86400, name: 'L** W**' }, NOW);
    const r = await decide('--policy', 'yunnan-2020', '--venue', 'hotel', '--code', text, '--keys', f);
    expect(r.json).toMatchObject({ decision: 'deny', actions: ['re-register'] });
  });
  it('a code that does not verify is a deny whose reason is the verification result', async () => {
    const text = codeFor({ exp: NOW - 3600, iat: NOW - 7200 });
    const r = await decideCode('mall', text);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({
      decision: 'deny',
      outcome: 'deny',
      actions: [],
      reasons: [{ rule: 'code-not-verified', text: expect.stringMatching(/^expired/) }],
      verification: { result: 'expired' },
    });
  });
  it('a revoked subject is refused (the colour changed after the code was made)', async () => {
    const rev = join(dir, 'rev.json');
    writeFileSync(rev, JSON.stringify(revocationsFileJson([{ iss: 'CN-CQ', subject, before: NOW }])));
    const r = await decideCode('mall', codeFor({}), '--revocations', rev);
    expect(r.json).toMatchObject({ decision: 'deny', verification: { result: 'revoked' } });
  });
  it('a random QR text is refused as not a health code, not as expired', async () => {
    const r = await decideCode('mall', 'https://example.com/menu');
    expect(r.json).toMatchObject({ decision: 'deny', verification: { result: 'malformed' } });
  });
});

describe('checkpoint decide: usage errors name the flag (exit 2)', () => {
  const usage = async (args: string[], needle: string) => {
    const r = await decide(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(needle);
    return r;
  };
  it('unknown policy lists the known ones', async () => {
    const r = await usage(['--policy', 'hubei-2020', '--venue', 'mall', '--color', 'green'], '--policy');
    expect(r.stderr).toContain('zhejiang-2020, yunnan-2020, chongqing-2021');
  });
  it('unknown venue lists the valid ones', async () => {
    const r = await usage(['--policy', 'yunnan-2020', '--venue', 'casino', '--color', 'green'], '--venue');
    expect(r.stderr).toContain('labour-market');
  });
  it.each([
    { what: 'no policy', flags: '--venue mall --color green', needle: '--policy' },
    { what: 'no venue', flags: '--policy yunnan-2020 --color green', needle: '--venue' },
    { what: 'no mode', flags: '--policy yunnan-2020 --venue mall', needle: 'exactly one of --color' },
    {
      what: 'two modes',
      flags: '--policy yunnan-2020 --venue mall --color green --manual --reason child',
      needle: 'exactly one',
    },
    {
      what: 'a reason without --manual',
      flags: '--policy yunnan-2020 --venue mall --color green --reason child',
      needle: '--reason',
    },
    {
      what: 'a colour-since with --manual',
      flags: `--policy yunnan-2020 --venue mall --manual --reason child --since ${AT}`,
      needle: '--since',
    },
  ])('missing flags and conflicting modes: $what names $needle', async ({ flags, needle }) => {
    await usage(flags.split(' '), needle);
  });
  it.each([
    { flags: '--color blue', needle: '--color blue' },
    { flags: '--color green --temperature 98.6', needle: '--temperature 98.6' },
    { flags: '--color green --test negative', needle: '--test' },
    { flags: '--color green --since yesterday', needle: '--since' },
    { flags: '--manual --reason tourist', needle: '--reason tourist' },
    { flags: '--manual --reason child --declare cough', needle: '--declare cough' },
    { flags: '--code HCQ1:X', needle: '--keys' },
    { flags: `--code HCQ1:X --keys ${join(dir, 'none.json')}`, needle: 'none.json' },
    { flags: '--color green --colour green', needle: 'colour' },
    { flags: '--color green --option fever', needle: '--option fever' },
  ])('bad values at a Yunnan mall: $flags names $needle', async ({ flags, needle }) => {
    await usage(['--policy', 'yunnan-2020', '--venue', 'mall', ...flags.split(' ')], needle);
  });
  it.each([
    { policy: 'yunnan-2020', option: 'fever=refuse', lists: 'its options: foreigners' },
    { policy: 'chongqing-2021', option: 'fever=ignore', lists: 'colour, refuse' },
  ])('--option $option under $policy names what the policy offers', async ({ policy, option, lists }) => {
    const r = await usage(
      ['--policy', policy, '--venue', 'mall', '--color', 'green', '--option', option],
      '--option',
    );
    expect(r.stderr).toContain(lists);
  });
  it('--help describes the command', async () => {
    const r = await cli(['decide', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--manual --reason elderly|child|no-phone|foreigner');
  });
});
