// `checkpoint policy list|show`: the shipped policies as data.
import { describe, expect, it } from 'vitest';
import { POLICIES, parsePolicy } from '../../src/core/policy/index.ts';
import { cli } from '../support/cli.ts';

describe('checkpoint policy', () => {
  it('list: name, version, title and source documents of every policy', async () => {
    const r = await cli(['policy', 'list']);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      policies: [
        { name: 'zhejiang-2020', version: POLICIES['zhejiang-2020']!.version, title: expect.stringContaining('Zhejiang'), source: '001' },
        { name: 'yunnan-2020', version: POLICIES['yunnan-2020']!.version, title: expect.stringContaining('Yunnan'), source: '002, 000' },
        { name: 'chongqing-2021', version: POLICIES['chongqing-2021']!.version, title: expect.stringContaining('Chongqing'), source: '003' },
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
