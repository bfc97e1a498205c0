// The spec §4 lists (keys.json, revocations.json) read the same way: a list under one field, each entry an
// object naming its issuer, the first entry at fault named.
import { describe, expect, it } from 'vitest';
import { parseIssuerEntries } from '../../src/core/issuer-entries.ts';
import { parseRevocationsFile } from '../../src/core/revocations.ts';
import { parseKeysFile } from '../../src/core/trust.ts';
import { err, ok } from '../../src/core/result.ts';

describe('parseIssuerEntries', () => {
  it('hands each entry and where it stands to the entry parser, and keeps what it returns in order', () => {
    const seen: string[] = [];
    const parsed = parseIssuerEntries(
      { items: [{ iss: 'CN-ZJ', n: 1 }, { iss: 'CN-YN' }] },
      'items',
      (e, at) => {
        seen.push(at);
        return ok(e.iss);
      },
    );
    expect(parsed).toEqual({ ok: true, value: ['CN-ZJ', 'CN-YN'] });
    expect(seen).toEqual(['items[0]', 'items[1]']);
  });

  it('stops at the first entry the entry parser refuses, with its message', () => {
    const parse = (e: { iss: string }, at: string) => (e.iss === 'CN-YN' ? err(`${at}.x: bad`) : ok(e.iss));
    const doc = { items: [{ iss: 'CN-ZJ' }, { iss: 'CN-YN' }, { iss: 3 }] };
    expect(parseIssuerEntries(doc, 'items', parse)).toEqual({ ok: false, error: 'items[1].x: bad' });
  });

  it.each([
    ['keys.json', parseKeysFile, 'issuers'],
    ['revocations.json', parseRevocationsFile, 'entries'],
  ] as const)('%s: names what is not a list, not an object, or without an issuer', (_, parse, field) => {
    expect(parse({})).toEqual({ ok: false, error: `expected {"${field}": [...]}` });
    expect(parse(null)).toEqual({ ok: false, error: `expected {"${field}": [...]}` });
    expect(parse({ [field]: [null] })).toEqual({ ok: false, error: `${field}[0]: not an object` });
    expect(parse({ [field]: ['CN-ZJ'] })).toEqual({ ok: false, error: `${field}[0]: not an object` });
    for (const iss of [undefined, '', 7])
      expect(parse({ [field]: [{ iss }] })).toEqual({
        ok: false,
        error: `${field}[0].iss: expected a region code such as CN-ZJ`,
      });
  });
});
