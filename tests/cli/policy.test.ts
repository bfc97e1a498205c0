// `checkpoint policy list|show`: the shipped policies as data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICIES, parsePolicy } from '../../src/core/policy/index.ts';
import { cli } from '../support/cli.ts';

describe('checkpoint policy', () => {
  it('list: name, version, title and source documents of every policy', async () => {
    const r = await cli(['policy', 'list']);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      policies: [
        {
          name: 'zhejiang-2020',
          version: POLICIES['zhejiang-2020']!.version,
          title: expect.stringContaining('Zhejiang'),
          source: '001',
        },
        {
          name: 'yunnan-2020',
          version: POLICIES['yunnan-2020']!.version,
          title: expect.stringContaining('Yunnan'),
          source: '002, 000',
        },
        {
          name: 'chongqing-2021',
          version: POLICIES['chongqing-2021']!.version,
          title: expect.stringContaining('Chongqing'),
          source: '003',
        },
      ],
    });
  });
  it('show NAME: the whole policy, valid data with cited rules', async () => {
    const r = await cli(['policy', 'show', 'chongqing-2021']);
    expect(r.code).toBe(0);
    expect(parsePolicy(r.json).ok).toBe(true);
    expect(r.json?.rules).toContainEqual(
      expect.objectContaining({ id: 'yellow-hold-report', cite: '003 §17' }),
    );
  });
  it('show NAME: the contested readings as named options, each with its sentence, choices, literal and chosen reading', async () => {
    const r = await cli(['policy', 'show', 'zhejiang-2020']);
    expect(r.json?.options).toMatchObject({
      fever: {
        cite: '001 §1(2), §2(2)',
        text: expect.stringContaining('有发热症状的人员'),
        choices: { colour: expect.any(String), refuse: expect.any(String) },
        literal: 'colour',
        chosen: 'colour',
      },
      'yellow-vehicles': { literal: 'hire-cars', chosen: 'hire-cars' },
      'yellow-unlisted': { literal: 'free', chosen: 'free' },
    });
  });
  it('show an unknown name: exit 2, listing the known ones', async () => {
    const r = await cli(['policy', 'show', 'hubei']);
    expect(r).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('zhejiang-2020, yunnan-2020, chongqing-2021'),
    });
  });
  it('usage: no subcommand, a wrong one, show without a name', async () => {
    expect((await cli(['policy'])).code).toBe(2);
    expect((await cli(['policy', 'delete'])).stderr).toContain('"delete"');
    expect((await cli(['policy', 'show'])).stderr).toContain('policy show NAME');
  });
  it('--help', async () => {
    const r = await cli(['policy', '--help']);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('checkpoint policy show NAME') });
    expect(r.stdout).toContain('"options"');
  });
});

describe('checkpoint policy publish', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-policy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const data = () => ['--data', join(dir, 'data')];
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const shown = async () =>
    (await cli(['policy', 'show', 'chongqing-2021'])).json as Record<string, unknown> & {
      rules: Record<string, unknown>[];
    };

  it('stores a valid policy with a raised version, as a trust change devices receive', async () => {
    const edited = { ...(await shown()), version: POLICIES['chongqing-2021']!.version + 1 };
    const r = await cli(['policy', 'publish', file('raised.json', edited), ...data()]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      published: true,
      name: 'chongqing-2021',
      version: edited.version,
      trustVersion: expect.any(Number),
    });
    const again = await cli(['policy', 'publish', file('raised.json', edited), ...data()]);
    expect(again.json).toMatchObject({ published: false, version: edited.version });
  });

  it.each([
    ['not JSON', '{"schema":', 'not valid JSON'],
    ['not a policy', { hello: 'world' }, 'invalid policy'],
    [
      'a policy whose rules cite nothing',
      async () => ({
        ...(await shown()),
        version: 9,
        rules: (await shown()).rules.map((r) => ({ ...r, cite: '' })),
      }),
      'no cite',
    ],
    [
      'a policy citing a document it does not name as a source',
      async () => ({ ...(await shown()), version: 9, sources: [] }),
      'sources: none',
    ],
    ['a version not raised', async () => ({ ...(await shown()), title: 'same version' }), 'raise "version"'],
  ])('refuses %s (exit 2), storing nothing', async (_case, content, message) => {
    const body = typeof content === 'function' ? await content() : content;
    const r = await cli(['policy', 'publish', file('bad.json', body), ...data()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('takes --data only with publish', async () => {
    expect((await cli(['policy', 'list', ...data()])).code).toBe(2);
    expect((await cli(['policy', 'publish'])).stderr).toContain('policy publish FILE');
  });
});
