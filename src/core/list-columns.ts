// A revocation list decoded once: the trust state keeps the list's bytes (what is stored and what was signed),
// the lookups need its columns. At a million entries decoding costs about a second on a cheap phone, so the
// columns found while a bundle was checked are kept beside the bytes they came from and not decoded again.
import { err, ok, type Result } from './result.js';
import { decodeRevocationList, type ListError, type RevocationColumns } from './revocation-list.js';

// Keyed by the very array: bytes read back from storage are another array and are decoded (and checked) anew.
const decoded = new WeakMap<Uint8Array, readonly RevocationColumns[]>();

/** Records that `bytes`, a whole list just checked, holds `columns` (which must not change afterwards). */
export function rememberColumns(bytes: Uint8Array, columns: readonly RevocationColumns[]): Uint8Array {
  decoded.set(bytes, columns);
  return bytes;
}

/** The columns of a whole list: the remembered ones for these bytes, else decoded and checked now. */
export function listColumns(bytes: Uint8Array): Result<readonly RevocationColumns[], ListError> {
  const known = decoded.get(bytes);
  if (known) return ok(known);
  const list = decodeRevocationList(bytes);
  if (!list.ok) return list;
  if (list.value.end !== bytes.length) return err('trailing bytes');
  decoded.set(bytes, list.value.list);
  return ok(list.value.list);
}
