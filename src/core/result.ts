// Typed results for failures that are expected (bad input), so callers cannot forget them.

/** Either a value or a typed error; nothing is thrown for bad input. */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a value as a success. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** Wraps an error as a failure. */
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
