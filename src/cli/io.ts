// The CLI's contract with the outside: one JSON object on stdout, messages on stderr, exit 0/1/2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFile } from 'node:fs/promises';

/** Where a command writes and reads; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

/** Exit codes of every command: 0 ok/admit, 1 refused/deny, 2 bad usage or unreadable input. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** A usage or input error; its message names the flag or file at fault. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** One command of the CLI: takes its own arguments, returns the exit code. */
export interface Command {
  summary: string;
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Prints the one JSON object a command answers with. */
export function emit(io: CliIO, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}

/** Parses flags strictly; unknown flags and missing values become a UsageError. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** Reads a whole file as text, naming it in the error when it cannot be read. */
export async function readText(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`${flag} ${file}: cannot read the file (${code})`);
  }
}

/** Reads and parses a JSON file, naming it in the error when it is not JSON. */
export async function readJson(file: string, flag: string): Promise<unknown> {
  const text = await readText(file, flag);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${flag} ${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Parses an ISO 8601 time given to a flag into seconds since the epoch. */
export function parseIsoSeconds(value: string, flag: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) {
    throw new UsageError(`${flag} ${value}: not an ISO 8601 time (e.g. 2021-11-15T10:00:00Z)`);
  }
  return Math.floor(ms / 1000);
}

/** The process's own stdio, for the real command. */
export const processIO: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};
