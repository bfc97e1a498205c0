// A read that lost its end (a scanner gun cut short, half a code pasted) is not a forged code: it is told apart
// here, for the checkpoint to ask for the code again instead of refusing the person. Verification is unchanged.
import { base45Decode } from './base45.js';
import { endsEarly } from './cbor-kinds.js';
import { MAX_TEXT, PREFIX } from './cose.js';
import type { Verification } from './types.js';

// Shorter texts of Base45 characters are as likely a product barcode or a short alphanumeric QR as a code's end.
const MIN_TAIL = 24;
const BASE45_TEXT = /^[0-9A-Z $%*+\-./:]+$/;
const URL_START = /^[A-Z][A-Z0-9+.-]*:\/\//;

/**
 * Whether `text` is the beginning of an HCQ1 code cut short: the start of the `HCQ1:` prefix, or the prefix and
 * Base45 whose CBOR ends before the COSE_Sign1 does. Base45 cut inside a group of three counts as cut; a wrong
 * character, an overflowing group, or CBOR that is whole or goes wrong before its end is damage, not a cut.
 */
export function isCutCode(text: string): boolean {
  if (text.length > MAX_TEXT) return false;
  if (text.length < PREFIX.length) return text.length > 0 && PREFIX.startsWith(text);
  if (!text.startsWith(PREFIX)) return false;
  const body = text.slice(PREFIX.length);
  const whole = base45Decode(body);
  if (whole.ok) return whole.bytes.length === 0 || endsEarly(whole.bytes);
  // Only a failure in the last, incomplete group is a cut: the groups before it must be whole Base45.
  const rest = body.length % 3;
  if (rest === 0 || whole.error.why === 'character' || whole.error.at < body.length - rest) return false;
  const head = base45Decode(body.slice(0, body.length - rest));
  return head.ok && (head.bytes.length === 0 || endsEarly(head.bytes));
}

/**
 * Whether a typed `text` without the prefix could be the end of an HCQ1 code whose beginning was lost (a gun
 * that started typing before the page listened): a long run of Base45 characters that is no URL or number.
 */
export function isCodeTail(text: string): boolean {
  return (
    text.length >= MIN_TAIL &&
    text.length <= MAX_TEXT &&
    !text.startsWith(PREFIX) &&
    BASE45_TEXT.test(text) &&
    !URL_START.test(text) &&
    !/^\d+$/.test(text)
  );
}

/** How a text came in, as far as telling a cut read goes. */
export interface ReadHints {
  /** A scanner gun typed it, or it was pasted: a camera's QR decoder only returns whole payloads. */
  typed: boolean;
  /** The gun stalled inside it or lost its beginning (src/scanner/scanner-gun.ts). */
  cut: boolean;
}

/** What a verified text was: a code, decided on as its result says, or a misread to read again. */
export type ReadKind = 'code' | 'misread';

/**
 * A text is a misread when it is the beginning of a code cut short, the end of one typed without its beginning,
 * or a read the gun marked as cut that failed before its signature verified. Anything else is decided on: a whole
 * code that fails (a forged signature, an unknown issuer, an expired code) is refused as before.
 */
export function readKind(text: string, v: Verification, hints: ReadHints): ReadKind {
  if (v.result === 'ok') return 'code';
  if (v.result === 'malformed' && isCutCode(text)) return 'misread';
  if (hints.typed && v.result === 'malformed' && isCodeTail(text)) return 'misread';
  return hints.cut && !('claims' in v) ? 'misread' : 'code';
}
