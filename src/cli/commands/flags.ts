// Flag values shared by several commands.
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
