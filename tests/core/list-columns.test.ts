// A revocation list decoded once (src/core/list-columns.ts): the columns a bundle's check found are handed on with
// the bytes they came from; any other array, such as bytes read back from storage, is decoded and checked anew.
import { describe, expect, it } from 'vitest';
import { listColumns, rememberColumns } from '../../src/core/list-columns.js';
import { columnsOf, entriesOfColumns, revocationListBytes } from '../../src/core/revocation-list.js';

const subject = (n: number) => Uint8Array.from({ length: 16 }, (_, i) => (n * 31 + i * 7) & 0xff);
const columns = columnsOf(
  [1, 2, 3].map((n) => ({ iss: 'CN-ZJ', subject: subject(n), before: 1_700_000_000 + n })),
);

describe('listColumns', () => {
  it('hands back the columns remembered for these very bytes, without decoding them again', () => {
    const bytes = rememberColumns(revocationListBytes(columns), columns);
    const found = listColumns(bytes);
    expect(found.ok && found.value).toBe(columns);
  });

  it('decodes and checks a copy of the bytes (as read back from storage), once', () => {
    const copy = revocationListBytes(columns).slice();
    const first = listColumns(copy);
    expect(first.ok && [...entriesOfColumns(first.value)]).toEqual([...entriesOfColumns(columns)]);
    const again = listColumns(copy);
    expect(again.ok && again.value).toBe(first.ok && first.value);
  });

  it.each([
    ['trailing bytes', (b: Uint8Array) => Uint8Array.from([...b, 0]), 'trailing bytes'],
    ['not a list', (b: Uint8Array) => b.slice(3), 'not a revocation list'],
  ])('refuses a list with %s', (_, damage, reason) => {
    expect(listColumns(damage(revocationListBytes(columns)))).toEqual({ ok: false, error: reason });
  });
});
