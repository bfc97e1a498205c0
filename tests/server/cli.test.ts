// The admin commands, run as the CLI runs them: JSON answers, and an export that opens sealed data only with the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64, toBase64 } from '../../src/core/bytes.js';
import { batchIdOf, BATCH_FORMAT } from '../../src/core/batch.js';
import { chainRecord } from '../../src/core/log.js';
import { seal } from '../../src/core/seal.js';
import { keysFileJson } from '../../src/core/trust.js';
import { newIssuerKey } from '../../src/core/issuer.js';
import { openDb } from '../../src/server/db/open.js';
import { deviceKey } from '../support/chains.js';
import { cli, venueAddArgs } from '../support/cli.js';
import { sampleEntry } from '../support/entries.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await cli([...args, '--data', join(dir, 'data')]);
  return { code: r.code, out: r.stdout, err: r.stderr };
}
const json = async (...args: string[]) => {
  const r = await run(...args);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.err}`);
  return JSON.parse(r.out) as Record<string, unknown>;
};

describe('admin commands', () => {
  it('trust add and list speak keys.json', async () => {
    const file = join(dir, 'keys.json');
    const key = newIssuerKey('CN-YN', 1_700_000_000).key;
    writeFileSync(file, JSON.stringify(keysFileJson([key])));
    expect(await json('trust', 'add', file)).toMatchObject({ changed: 1 });
    const list = await json('trust', 'list');
    expect(list.issuers).toEqual(keysFileJson([key]).issuers);
  });

  it('revoke takes one entry by flags or a revocations.json, and refuses a bad subject with usage exit 2', async () => {
    const one = await json(
      'revoke',
      '--iss',
      'CN-ZJ',
      '--subject',
      'e8a85cbe3dbf01626fe608a1aec9e8a7',
      '--before',
      '2021-11-15T09:00:00Z',
    );
    expect(one).toMatchObject({ changed: 1, entries: 1, total: 1 });
    const file = join(dir, 'revocations.json');
    writeFileSync(
      file,
      JSON.stringify({
        entries: [{ iss: 'CN-CQ', subject: '00'.repeat(16), before: '2022-01-01T00:00:00Z' }],
      }),
    );
    expect(await json('revoke', file)).toMatchObject({ changed: 1, total: 2 });
    const bad = await run('revoke', '--iss', 'CN-ZJ', '--subject', 'zz', '--before', '2021-11-15T09:00:00Z');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--subject');
  });

  // 003 §14: a revocation may say the colour the subject holds since; without it devices ask for the current code.
  it('revoke --color keeps the colour the issuer now gives (an optional field of the entry); a wrong one is exit 2', async () => {
    const subject = '11'.repeat(16);
    const args = ['revoke', '--iss', 'CN-CQ', '--subject', subject, '--before', '2021-11-16T09:00:00Z'];
    expect(await json(...args, '--color', 'yellow')).toMatchObject({ changed: 1 });
    const db = await openDb({ data: join(dir, 'data') });
    try {
      const held = (await db.trust.changes(0)).revocations.find(
        (r) => r.iss === 'CN-CQ' && r.subject[0] === 0x11,
      );
      expect(held?.colour).toBe('yellow');
    } finally {
      await db.close();
    }
    const bad = await run(...args, '--color', 'blue');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--color blue');
  });

  it('venue add answers the venue with a one-time enrolment link; unknown policy is a usage error', async () => {
    const v = await json(...venueAddArgs('Museum', 'museum'), '--base-url', 'http://10.0.0.5:8080');
    expect(v).toMatchObject({ name: 'Museum', category: 'museum', policy: 'zhejiang-2020' });
    expect(String(v.enrolUrl)).toMatch(/^http:\/\/10\.0\.0\.5:8080\/enrol#token=[\w-]+&root=[0-9a-f]{16}$/);
    expect((await json('venue', 'list')).venues).toHaveLength(1);
    expect((await run(...venueAddArgs('X', 'mall', 'nope'))).code).toBe(2);
  });

  it('exports each record once; sealed manual data opens only with the authority key', async () => {
    const authorityFile = join(dir, 'authority.json');
    const made = await json('keys', 'authority', '--out', authorityFile);
    const authorityKey = fromBase64(String(made.publicKey))!;
    const db = await openDb({ data: join(dir, 'data') });
    const venue = (await db.venues.list())[0]!;
    const { token } = await db.devices.createEnrolToken(venue.id, 60_000);
    const key = deviceKey();
    await db.devices.enrol({ token, deviceId: 'device-cli-1', publicKey: key.publicKey, label: null });
    const sealed = toBase64(
      seal(
        new TextEncoder().encode(JSON.stringify({ name: '张三', number: '110101199003077777' })),
        authorityKey,
      ),
    );
    const first = chainRecord(
      { ...sampleEntry(1, venue.id), source: 'manual', result: 'manual', sealed },
      { id: 'rec-1', deviceId: 'device-cli-1', prev: null },
    );
    const second = chainRecord(sampleEntry(2, venue.id), {
      id: 'rec-2',
      deviceId: 'device-cli-1',
      prev: first,
    });
    const records = [first, second];
    const batch = {
      format: BATCH_FORMAT,
      deviceId: 'device-cli-1',
      batchId: batchIdOf(records),
      createdAt: '2026-11-20T08:00:00Z',
      records,
    } as const;
    await db.records.ingest(batch);
    await db.records.ingest(batch);
    await db.close();

    const closed = (await json('export', '--format', 'json')) as { records: Record<string, unknown>[] };
    expect(closed.records.map((r) => r.id)).toEqual(['rec-1', 'rec-2']);
    expect(closed.records[0]).toMatchObject({ sealed, source: 'manual' });
    expect(closed.records[0]).not.toHaveProperty('manual');
    const opened = (await json('export', '--format', 'json', '--authority-key', authorityFile)) as {
      records: Record<string, unknown>[];
    };
    expect(opened.records[0]?.manual).toEqual({ name: '张三', number: '110101199003077777' });
    const other = join(dir, 'other.json');
    await json('keys', 'authority', '--out', other);
    const wrong = (await json('export', '--format', 'json', '--authority-key', other)) as {
      records: Record<string, unknown>[];
    };
    expect(wrong.records[0]?.manual).toEqual({ error: 'cannot open: not sealed to this authority key' });

    const csv = await run(
      'export',
      '--format',
      'csv',
      '--venue',
      venue.id,
      '--since',
      '2026-11-20T08:00:02Z',
    );
    const lines = csv.out.trim().split('\n');
    expect(lines[0]?.startsWith('id,deviceId,seq,at,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['rec-2']);
  });

  it('device list shows the device; device disable marks it; an unknown id is refused with exit 1', async () => {
    const list = (await json('device', 'list')) as {
      devices: { id: string; received: number; disabledAt: string | null }[];
    };
    expect(list.devices).toMatchObject([{ id: 'device-cli-1', received: 2, disabledAt: null }]);
    const disabled = (await json('device', 'disable', 'device-cli-1')) as {
      device: { disabledAt: string | null };
    };
    expect(disabled.device.disabledAt).not.toBeNull();
    expect((await run('device', 'disable', 'nope')).code).toBe(1);
  });

  it('keys root shows the same root every time; purge answers what it removed', async () => {
    const a = await json('keys', 'root');
    const b = await json('keys', 'root');
    expect(a.keyId).toBe(b.keyId);
    expect(b.created).toBe(false);
    expect(await json('purge', '--older-than', '28d')).toMatchObject({ days: [], records: 0 });
    expect((await run('purge', '--older-than', 'soon')).code).toBe(2);
  });
});
