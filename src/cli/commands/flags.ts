// Flag declarations and flag values shared by several commands.
import type { TestResult } from '../../core/hcq1/types.js';
import { UsageError, parseIsoSeconds } from '../io.js';

/** Parses `--test negative@ISO|positive@ISO`. */
export function parseTestFlag(value: string): TestResult {
  const m = /^(negative|positive)@(.+)$/.exec(value);
  if (!m) throw new UsageError(`--test ${value}: expected negative@ISO or positive@ISO`);
  return { result: m[1] as TestResult['result'], sampledAt: parseIsoSeconds(m[2]!, '--test') };
}

/** Reads a code given as an argument, or from stdin when it is `-`. */
export async function readCodeArg(
  arg: string | undefined,
  io: { readStdin(): Promise<string> },
): Promise<string> {
  if (arg === undefined)
    throw new UsageError('expected the code text as an argument, or - to read it from stdin');
  return arg === '-' ? (await io.readStdin()).trim() : arg;
}

/** Milliseconds of a duration such as 28d, 24h, 30m or 45s, or null when it is not one. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([dhms])$/.exec(text.trim());
  if (!m) return null;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[2] as 'd' | 'h' | 'm' | 's'];
  return Math.round(Number(m[1]) * unit);
}

/** Declares flags by name that each take one string value (most of them). */
export function stringFlags<N extends string>(...names: N[]): { [K in N]: { type: 'string' } } {
  return declared(names, { type: 'string' });
}

/** Declares switches (flags without a value) by name. */
export function switchFlags<N extends string>(...names: N[]): { [K in N]: { type: 'boolean' } } {
  return declared(names, { type: 'boolean' });
}

/** Declares flags by name that take a string value and may be given again for more. */
export function listFlags<N extends string>(...names: N[]): { [K in N]: { type: 'string'; multiple: true } } {
  return declared(names, { type: 'string', multiple: true });
}

function declared<N extends string, D>(names: N[], declaration: D): { [K in N]: D } {
  return Object.fromEntries(names.map((n) => [n, declaration])) as { [K in N]: D };
}
