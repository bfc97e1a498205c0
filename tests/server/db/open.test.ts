// Which database a command opens: flags beat the environment.
import { describe, expect, it } from 'vitest';
import { databaseUrlFrom } from '../../../src/server/db/open.js';

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
