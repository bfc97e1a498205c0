// The `checkpoint` contract for keys, issue, verify and decode: JSON on stdout, exit 0/1/2, errors that name the fault.
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '../support/cli.ts';
import { VECTORS_DIR, vectors } from '../core/vectors.ts';

const dir = mkdtempSync(join(tmpdir(), 'checkpoint-cli-'));
const keyFile = join(dir, 'issuer.json');
const pubFile = join(dir, 'keys.json');
const AT = '2021-11-15T10:00:00Z';
const issue = (...flags: string[]) => cli(['issue', '--key', keyFile, ...flags]);

describe('checkpoint keys issuer', () => {
  beforeAll(async () => {
    const r = await cli(['keys', 'issuer', '--iss', 'CN-YN', '--out', keyFile, '--public-out', pubFile]);
    expect(r.code).toBe(0);
  });

  it('writes a secret key file readable only by its owner, and a public keys.json', () => {
    const secret = JSON.parse(readFileSync(keyFile, 'utf8'));
    expect(secret.issuers[0]).toMatchObject({ iss: 'CN-YN', revoked: false, secretKey: expect.any(String) });
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(pubFile, 'utf8')).issuers[0].secretKey).toBeUndefined();
  });

  it('refuses to overwrite a key file', async () => {
    const r = await cli(['keys', 'issuer', '--iss', 'CN-YN', '--out', keyFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${keyFile}: the file exists`);
  });

  it('names a bad region code', async () => {
    const r = await cli(['keys', 'issuer', '--iss', 'yunnan', '--out', join(dir, 'x.json')]);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('--iss') });
  });
});

describe('checkpoint issue → verify', () => {
  it('issues a masked code that verifies, carrying only the last 4 of the document', async () => {
    const test = `negative@${new Date(Date.now() - 6 * 3600_000).toISOString()}`;
    const person = ['--id', '530102199003071238', '--name', '张三丰'];
    const issued = await issue(
      '--color',
      'yellow',
      ...person,
      '--test',
      test,
      '--doses',
      '3',
      '--ttl',
      '600',
    );
    expect(issued.code).toBe(0);
    const text = issued.json!.text as string;
    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).not.toContain('530102199003071238');
    const v = await cli(['verify', '--keys', pubFile, text]);
    expect(v.code).toBe(0);
    expect(v.json).toMatchObject({
      result: 'ok',
      claims: {
        iss: 'CN-YN',
        colour: 'yellow',
        name: '张*丰',
        id: '1238',
        doses: 3,
        test: { result: 'negative' },
      },
    });
    expect(JSON.stringify(v.json)).not.toContain('530102');
  });

  // GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the 17 before it (manual entry checks it too).
  it.each([
    ['53010219900307123X', 'resident identity number: the check character does not match'],
    ['000102199003071238', 'resident identity number: 00 is no province code'],
    ['910102199003071238', 'foreign-permanent-id: the check character does not match'],
  ])('refuses --id %s (exit 2, naming --id), as manual entry does', async (id, message) => {
    const r = await cli(['issue', '--key', keyFile, '--color', 'green', '--id', id, '--name', '张三']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`--id: ${message}`);
    expect(r.stderr).not.toContain(id);
  });
  it('issues on a card number whose check character is right: the README’s example, a 2017 permanent-residence card', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const example = /checkpoint issue .*--id (\S+)/.exec(readme)?.[1];
    expect(example).toBe('530102199003071238');
    for (const id of [example!, '910102199003071239']) {
      const r = await cli(['issue', '--key', keyFile, '--color', 'green', '--id', id, '--name', '张三']);
      expect(r.code, id).toBe(0);
    }
  });

  it('a code issued before its key existed is refused as key-not-valid', async () => {
    const issued = await issue('--color', 'green', '--id', 'E12345678', '--name', 'Li Wei', '--at', AT);
    const v = await cli(['verify', '--keys', pubFile, '--at', AT, issued.json!.text as string]);
    expect(v).toMatchObject({ code: 1, json: { result: 'key-not-valid' } });
  });

  it('gives the same subject for the same person at one issuer', async () => {
    const a = await issue('--color', 'green', '--id', 'E12345678', '--name', 'Li Wei');
    const b = await issue('--color', 'red', '--id', 'e12345678', '--name', 'Li Wei');
    expect(a.json!.subject).toBe(b.json!.subject);
  });

  it('reads the code from stdin with -', async () => {
    const text = vectors.cases[0]!.text;
    const v = await cli(['verify', '--keys', VECTORS_DIR + 'keys.json', '--at', AT, '-'], text + '\n');
    expect(v.json!.result).toBe('ok');
  });

  const expired = vectors.cases.find((c) => c.name === 'expired')!;
  it('exits 1 with the result for a refused code', async () => {
    const v = await cli(['verify', '--keys', VECTORS_DIR + 'keys.json', '--at', AT, expired.text]);
    expect(v).toMatchObject({ code: 1, json: { result: 'expired' } });
  });

  it.each([
    {
      what: 'a missing keys file',
      flags: () => ['--keys', join(dir, 'nope.json')],
      expected: {
        code: 2,
        stderr: expect.stringContaining(`--keys ${join(dir, 'nope.json')}: cannot read the file`),
      },
    },
    {
      what: 'a keys file without a public key',
      flags: () => {
        writeFileSync(join(dir, 'bad.json'), '{"issuers": [{"iss": "CN-ZJ"}]}');
        return ['--keys', join(dir, 'bad.json')];
      },
      expected: { stderr: expect.stringContaining('issuers[0].publicKey') },
    },
    {
      what: 'a time that is not one',
      flags: () => ['--keys', pubFile, '--at', 'tuesday'],
      expected: { code: 2, stderr: expect.stringContaining('--at tuesday') },
    },
  ])('names the fault in unreadable input: $what', async ({ flags, expected }) => {
    expect(await cli(['verify', ...flags(), expired.text])).toMatchObject(expected);
  });

  it('says "not a health code" for a URL', async () => {
    const v = await cli(['verify', '--keys', pubFile, 'https://example.com/']);
    expect(v).toMatchObject({ code: 1, json: { result: 'malformed', notHealthCode: true } });
  });
});

describe('checkpoint decode', () => {
  it('shows the structure, marked unverified', async () => {
    const r = await cli(['decode', vectors.cases[0]!.text]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ verified: false, kid: '0f9d88d2bf3fa56e', payload: { '1': 'CN-ZJ' } });
  });
});

describe('help and usage', () => {
  it.each(['keys', 'issue', 'verify', 'decode', 'decide', 'policy'])(
    '%s is listed by --help and answers --help',
    async (name) => {
      const top = await cli(['--help']);
      expect(top.code).toBe(0);
      expect(top.stdout).toContain(name);
      const r = await cli([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout).toContain(`checkpoint ${name}`);
    },
  );

  it('an unknown command is exit 2', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
  });

  it('an unknown flag is exit 2 with a message naming it', async () => {
    const r = await cli(['verify', '--kyes', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--kyes');
  });
});
