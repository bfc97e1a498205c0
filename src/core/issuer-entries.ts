// The spec §4 lists (keys.json, revocations.json): a list under one field, each entry an object naming its issuer.
import { err, ok, type Result } from './result.js';

/** An entry of a spec §4 list whose issuer is checked; the rest of its fields are still to be read. */
export type IssuerEntry = Record<string, unknown> & { iss: string };

/**
 * Parses a spec §4 document `{"<field>": [...]}`: each entry an object with an issuer (a region code), whose other
 * fields `parse` reads, naming the first at fault under `at` (`entries[3]`). Stops at the first entry at fault.
 */
export function parseIssuerEntries<T>(
  json: unknown,
  field: string,
  parse: (e: IssuerEntry, at: string) => Result<T>,
): Result<T[]> {
  const list = (json as Record<string, unknown> | null)?.[field];
  if (!Array.isArray(list)) return err(`expected {"${field}": [...]}`);
  const out: T[] = [];
  for (const [i, raw] of list.entries()) {
    const e = raw as Record<string, unknown> | null;
    const at = `${field}[${i}]`;
    if (!e || typeof e !== 'object') return err(`${at}: not an object`);
    if (typeof e.iss !== 'string' || !e.iss) return err(`${at}.iss: expected a region code such as CN-ZJ`);
    const parsed = parse(e as IssuerEntry, at);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return ok(out);
}
