// A table's columns named once: the SELECT list in snake_case, and a row read back into the object's fields.
import { describe, expect, it } from 'vitest';
import { asNumber, asNumberOrNull, columns } from '../../../src/server/db/columns.js';

interface Thing {
  id: string;
  venueId: string;
  label: string | null;
  createdAt: number;
  closedAt: number | null;
}

const THING = columns<Thing>()(['id', 'venueId', 'label', 'createdAt', 'closedAt'], {
  createdAt: asNumber,
  closedAt: asNumberOrNull,
});

describe('columns', () => {
  it.each([
    [undefined, 'id, venue_id, label, created_at, closed_at'],
    ['t', 't.id, t.venue_id, t.label, t.created_at, t.closed_at'],
  ])('lists the columns in the order given (alias %s)', (alias, list) => {
    expect(THING.list(alias)).toBe(list);
  });

  it.each([
    [
      'numbers as PostgreSQL returns BIGINT (text)',
      { id: 'a', venue_id: 'v', label: null, created_at: '1700000000000', closed_at: '5' },
      { id: 'a', venueId: 'v', label: null, createdAt: 1_700_000_000_000, closedAt: 5 },
    ],
    [
      'numbers as SQLite returns them, and NULL kept',
      { id: 'b', venue_id: 'w', label: 'Gate', created_at: 7, closed_at: null },
      { id: 'b', venueId: 'w', label: 'Gate', createdAt: 7, closedAt: null },
    ],
  ])('reads a row: %s', (_what, row, thing) => {
    expect(THING.read(row)).toStrictEqual(thing);
  });
});
