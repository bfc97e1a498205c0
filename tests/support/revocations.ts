// Revocation entries for trust tests: n distinct subjects spread over the leading bytes (so partitions fill),
// numbered from `from` so later calls add new subjects.
import type { RevocationEntry } from '../../src/core/revocations.js';

/** n revocations of issuer CN-ZJ, subjects numbered from `from`, `before` one second apart. */
export function revocationEntries(n: number, from = 0): RevocationEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const subject = new Uint8Array(16);
    new DataView(subject.buffer).setUint32(0, Math.imul(from + i, 2654435761) >>> 0);
    new DataView(subject.buffer).setUint32(12, from + i);
    return { iss: 'CN-ZJ', subject, before: 1_700_000_000 + i };
  });
}
