// Which store a command opens: flags beat the environment.
import { describe, expect, it } from 'vitest';
import { databaseUrlFrom, parseDuration } from '../../src/server/open.ts';

describe('databaseUrlFrom', () => {
  const env = { DATABASE_URL: 'postgres://env/db' };
  it('takes --database-url first', () => {
    expect(databaseUrlFrom({ 'database-url': 'postgres://flag/db', data: 'x' }, env)).toBe(
      'postgres://flag/db',
    );
  });
  it('uses DATABASE_URL only when --data is not given', () => {
    expect(databaseUrlFrom({}, env)).toBe('postgres://env/db');
    expect(databaseUrlFrom({ data: './data' }, env)).toBeUndefined();
    expect(databaseUrlFrom({}, {})).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it('reads days, hours, minutes and seconds, and refuses anything else', () => {
    expect(parseDuration('28d')).toBe(28 * 86_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('28 days')).toBeNull();
  });
});
