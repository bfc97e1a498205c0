// The supervisor PIN: kept only as a salted PBKDF2 hash, checked in constant time.
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { err, ok, type Result } from '../core/result.js';

// Enough to make guessing a 4–6 digit PIN from a stolen profile slow, fast enough on a cheap phone.
const ITERATIONS = 20_000;

/** A PIN's stored form. */
export interface PinHash {
  salt: string;
  hash: string;
}

/** Why a PIN was not accepted: none is set yet, or it is not the one set. */
export type PinError = 'no-pin-set' | 'bad-pin';

function derive(pin: string, salt: string): string {
  return bytesToHex(pbkdf2(sha256, pin, salt, { c: ITERATIONS, dkLen: 32 }));
}

/** Whether `pin` has the form a supervisor PIN must have: 4 to 8 digits. */
export function isPinFormat(pin: string): boolean {
  return /^\d{4,8}$/.test(pin);
}

/** Hashes a new PIN with a fresh salt. */
export function hashPin(pin: string, salt: string = bytesToHex(randomBytes(16))): PinHash {
  return { salt, hash: derive(pin, salt) };
}

/** Whether `pin` is the PIN that made `stored`. */
export function checkPin(pin: string, stored: PinHash): boolean {
  const a = derive(pin, stored.salt);
  const b = stored.hash;
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** `pin` checked against the stored PIN: refused when none is set, so a device without one opens nothing. */
export function supervisorPin(pin: string, stored: PinHash | null): Result<void, PinError> {
  if (!stored) return err('no-pin-set');
  return checkPin(pin, stored) ? ok(undefined) : err('bad-pin');
}
