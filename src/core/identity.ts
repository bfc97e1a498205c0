// Identity documents: validation (GB 11643 resident numbers, passports, permits) and masking for display.
// A full document number is only ever validated here; what leaves for a screen or a log is masked or the last 4.
import { err, ok, type Result } from './result.js';

/** The documents a checkpoint may be shown (002 附件 §4(2)1 身份證號、護照; §4(2)5 passports for foreigners). */
export const DOCUMENT_KINDS = [
  'resident-id',
  'passport',
  'hk-macao-permit',
  'taiwan-permit',
  'foreign-permanent-id',
  'other',
] as const;

/** A kind of identity document. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A document number that passed validation, normalised (upper case, no spaces). */
export interface IdentityDocument {
  kind: DocumentKind;
  number: string;
}

/** Why a document number was refused; `message` says exactly what is wrong. */
export interface IdentityError {
  code:
    | 'empty'
    | 'length'
    | 'characters'
    | 'first-generation'
    | 'region'
    | 'birth-date'
    | 'check-digit'
    | 'format';
  message: string;
}

// GB/T 2260 province-level codes, plus 81/82/83 for the residence permits of Hong Kong, Macao and Taiwan residents.
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);

// ISO 7064 MOD 11-2 weights for the 17 body digits: 2^(17-i) mod 11.
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
const CHECK_CHARS = '10X98765432';

const fail = (code: IdentityError['code'], message: string) => err<IdentityError>({ code, message });

/** The ISO 7064 MOD 11-2 check character (0-9 or X) of a 17-digit body; undefined if the body is not 17 digits. */
export function checkCharacter(body: string): string | undefined {
  if (!/^\d{17}$/.test(body)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11];
}

function compact(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

function validDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function checkMod112(n: string, what: string): Result<string, IdentityError> {
  const expected = checkCharacter(n.slice(0, 17));
  if (expected !== n[17]) {
    return fail(
      'check-digit',
      `${what}: the check character does not match (a digit is mistyped or misread)`,
    );
  }
  return ok(n);
}

/** Validates an 18-character resident identity number (GB 11643-1999): region, birth date, MOD 11-2 check. */
export function validateResidentId(text: string): Result<IdentityDocument, IdentityError> {
  const n = compact(text);
  const what = 'resident identity number';
  if (n.length === 0) return fail('empty', `${what}: empty`);
  if (/^\d{15}$/.test(n)) {
    return fail(
      'first-generation',
      `${what}: 15 digits is the first-generation format; ask for the 18-character card`,
    );
  }
  if (n.length !== 18) return fail('length', `${what}: ${n.length} characters, needs 18`);
  const bad = n.search(/[^\d]/);
  if (bad !== -1 && !(bad === 17 && n[17] === 'X')) {
    return fail('characters', `${what}: character ${bad + 1} is "${n[bad]}"; only digits, and X as the last`);
  }
  if (!PROVINCES.has(Number(n.slice(0, 2))))
    return fail('region', `${what}: ${n.slice(0, 2)} is no province code`);
  if (!validDate(n.slice(6, 14))) return fail('birth-date', `${what}: characters 7-14 are not a birth date`);
  const checked = checkMod112(n, what);
  return checked.ok ? ok({ kind: 'resident-id', number: n }) : checked;
}

const FORMATS: Record<Exclude<DocumentKind, 'resident-id'>, { pattern: RegExp; expect: string }> = {
  passport: {
    pattern: /^(?=.*\d)[A-Z0-9]{5,9}$/,
    expect: '5 to 9 letters and digits (ICAO 9303), with a digit',
  },
  'hk-macao-permit': { pattern: /^[HM]\d{8}(\d{2})?$/, expect: 'H or M followed by 8 or 10 digits' },
  'taiwan-permit': { pattern: /^\d{8}(\d{2})?$/, expect: '8 or 10 digits' },
  'foreign-permanent-id': {
    pattern: /^(9\d{16}[\dX]|[A-Z]{3}\d{12})$/,
    expect: '18 characters starting with 9 (2017 card) or 3 letters and 12 digits',
  },
  other: { pattern: /^[A-Z0-9]{4,32}$/, expect: '4 to 32 letters and digits' },
};

/** Validates a document number of the given kind; the error message names the kind and what is wrong. */
export function validateDocument(kind: DocumentKind, text: string): Result<IdentityDocument, IdentityError> {
  if (kind === 'resident-id') return validateResidentId(text);
  const n = compact(text);
  if (n.length === 0) return fail('empty', `${kind}: empty`);
  const f = FORMATS[kind];
  if (!f.pattern.test(n)) return fail('format', `${kind}: expected ${f.expect}`);
  if (kind === 'foreign-permanent-id' && n.length === 18) {
    const checked = checkMod112(n, kind);
    if (!checked.ok) return checked;
  }
  return ok({ kind, number: n });
}

/** The last 4 characters of a document number (normalised), to compare with the card; the whole if shorter. */
export function last4(number: string): string {
  return compact(number).slice(-4);
}

/** True when a code's last 4 (`hc.id`) match the document shown, ignoring case and spaces. */
export function matchesLast4(number: string, fromCode: string): boolean {
  const want = compact(fromCode);
  return want.length > 0 && last4(number) === want.slice(-4);
}

/** A document number for display: asterisks and the last 4 only, never the full number (003 §21). */
export function maskDocumentNumber(number: string): string {
  const n = compact(number);
  // A short number would be nearly all shown by its last 4: hide it all.
  if (n.length < 8) return '*'.repeat(Math.max(4, n.length));
  return '*'.repeat(n.length - 4) + n.slice(-4);
}

const HAN = /\p{Script=Han}/u;

/**
 * A name masked for display: 张三丰 → 张*丰, 张三 → 张*, Lei Wang → L** W**. One star stands for any number of
 * hidden characters, so the mask does not tell the name's length.
 */
export function maskName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') return '';
  if (HAN.test(trimmed) && !trimmed.includes(' ')) {
    const chars = Array.from(trimmed);
    if (chars.length === 1) return '*';
    if (chars.length === 2) return `${chars[0]}*`;
    return `${chars[0]}*${chars[chars.length - 1]}`;
  }
  return trimmed
    .split(' ')
    .map((word) => `${Array.from(word)[0] ?? ''}**`)
    .join(' ');
}
