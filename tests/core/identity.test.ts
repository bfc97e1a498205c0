// Identity documents: GB 11643 resident numbers, passports and permits, and masking for display.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCharacter,
  last4,
  maskDocumentNumber,
  maskName,
  matchesLast4,
  validateDocument,
  validateResidentId,
} from '../../src/core/identity.js';

// GB 11643-1999's worked example, and a Kunming number whose check digit was computed outside this code.
const SAMPLE = '11010519491231002X';
const SAMPLE2 = '530102198507062314';

const errorCode = (r: ReturnType<typeof validateResidentId>) => (r.ok ? 'ok' : r.error.code);

describe('resident identity numbers (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it('accepts the standard’s example, whose check character is X', () => {
    expect(validateResidentId(SAMPLE)).toEqual({ ok: true, value: { kind: 'resident-id', number: SAMPLE } });
    expect(checkCharacter(SAMPLE.slice(0, 17))).toBe('X');
    expect(validateResidentId(SAMPLE2).ok).toBe(true);
  });
  it('normalises a lower-case x and spaces', () => {
    expect(validateResidentId(' 110105 19491231 002x ')).toEqual({
      ok: true,
      value: { kind: 'resident-id', number: SAMPLE },
    });
  });
  it('refuses with a specific reason: empty, length, characters, first generation, region, birth date, check', () => {
    expect(errorCode(validateResidentId(''))).toBe('empty');
    expect(errorCode(validateResidentId('1101051949123100'))).toBe('length');
    expect(errorCode(validateResidentId('110105194912310X2X'))).toBe('characters');
    expect(errorCode(validateResidentId('110105491231002'))).toBe('first-generation');
    expect(errorCode(validateResidentId('990105194912310020'))).toBe('region');
    expect(errorCode(validateResidentId('110105194902300021'))).toBe('birth-date');
    expect(errorCode(validateResidentId('110105194912310021'))).toBe('check-digit');
  });
  it('messages say what is wrong, and never repeat the full number', () => {
    const r = validateResidentId('110105194912310021');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/check character/);
      expect(r.error.message).not.toContain('110105194912310021');
    }
    const c = validateResidentId('11010519491231002Y');
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error.message).toContain('character 18 is "Y"');
  });

  const body = fc
    .tuple(
      fc.constantFrom('11', '31', '44', '53', '50', '65', '81'),
      fc.stringMatching(/^\d{4}$/),
      fc.date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.stringMatching(/^\d{3}$/),
    )
    .map(([p, r, d, s]) => p + r + d.toISOString().slice(0, 10).replace(/-/g, '') + s);

  it('property: any valid body with its computed check character validates', () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(validateResidentId(b + checkCharacter(b)).ok).toBe(true);
      }),
    );
  });
  it('property: any single-character change of a valid number is refused', () => {
    fc.assert(
      fc.property(body, fc.nat(17), fc.constantFrom(...'0123456789X'), (b, pos, ch) => {
        const valid = b + checkCharacter(b);
        fc.pre(valid[pos] !== ch);
        const changed = valid.slice(0, pos) + ch + valid.slice(pos + 1);
        expect(validateResidentId(changed).ok).toBe(false);
      }),
    );
  });
  it('property: arbitrary text never throws, it is refused or accepted with a typed result', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = validateResidentId(s);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});

describe('other documents (002 附件 §4(2)5: 證件號碼建議填寫護照號等)', () => {
  it('passports: 5-9 letters and digits', () => {
    expect(validateDocument('passport', 'e12345678')).toEqual({
      ok: true,
      value: { kind: 'passport', number: 'E12345678' },
    });
    expect(validateDocument('passport', 'C03005988').ok).toBe(true);
    const long = validateDocument('passport', 'AB1234567890');
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toContain('passport: expected 5 to 9');
    expect(validateDocument('passport', 'ABCDEFG').ok).toBe(false);
  });
  it('Hong Kong / Macao and Taiwan permits', () => {
    expect(validateDocument('hk-macao-permit', 'H12345678').ok).toBe(true);
    expect(validateDocument('hk-macao-permit', 'X12345678').ok).toBe(false);
    expect(validateDocument('taiwan-permit', '12345678').ok).toBe(true);
    expect(validateDocument('taiwan-permit', '1234567').ok).toBe(false);
  });
  it('foreign permanent residence cards: the 2017 18-character card carries a MOD 11-2 check', () => {
    const b = '91100019850101001';
    expect(validateDocument('foreign-permanent-id', b + checkCharacter(b)).ok).toBe(true);
    expect(validateDocument('foreign-permanent-id', b + (checkCharacter(b) === '0' ? '1' : '0')).ok).toBe(
      false,
    );
    expect(validateDocument('foreign-permanent-id', 'USA110085010100').ok).toBe(true);
  });
  it('resident-id through validateDocument is the GB 11643 check', () => {
    expect(validateDocument('resident-id', SAMPLE).ok).toBe(true);
    expect(validateDocument('other', '')).toMatchObject({ ok: false, error: { code: 'empty' } });
  });
});

describe('display: masked names and numbers, last 4 for comparison', () => {
  it('Chinese names: 张*三, two characters 张*, one character *', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧*娜');
    expect(maskName('王')).toBe('*');
  });
  it('Latin names: L** W**, whatever the word lengths', () => {
    expect(maskName('Lei Wang')).toBe('L** W**');
    expect(maskName('  Li   Wei ')).toBe('L** W**');
    expect(maskName('')).toBe('');
  });
  it('property: a masked name never contains the name’s hidden characters in order, and is at most as long + 2 per word', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\u4e00-\u9fa5]{3,6}$/), (name) => {
        const m = maskName(name);
        expect(m).not.toBe(name);
        expect(Array.from(m)).toHaveLength(3);
      }),
    );
  });
  it('last 4 and comparison with a code’s `id`', () => {
    expect(last4(SAMPLE)).toBe('002X');
    expect(matchesLast4(SAMPLE, '002x')).toBe(true);
    expect(matchesLast4(SAMPLE, '0021')).toBe(false);
    expect(matchesLast4(SAMPLE, '')).toBe(false);
  });
  it('a document number for display shows only the last 4, never the full number', () => {
    expect(maskDocumentNumber(SAMPLE)).toBe('**************002X');
    expect(maskDocumentNumber('E1234')).toBe('*****');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,32}$/), (n) => {
        const m = maskDocumentNumber(n);
        expect(m).not.toBe(n);
        expect(m.replace(/\*/g, '').length).toBeLessThanOrEqual(4);
      }),
    );
  });
});
