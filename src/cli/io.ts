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

/** The flags a command declares, as parseArgs takes them. */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** Says on stderr why a command refused (exit 1), e.g. that what it names does not exist. */
export function refuse(io: CliIO, message: string): number {
  io.stderr(`${message}\n`);
  return EXIT.refused;
}

/** Parses flags strictly; unknown flags and missing values become a UsageError. */
export function parseFlags<T extends FlagOptions>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** The parsed values of flags declared by `T`. */
export type FlagValues<T extends FlagOptions> = ReturnType<typeof parseFlags<T>>['values'];

/** One subcommand: the words it takes after its name (as the usage message names them) and what it does. */
export interface Subcommand<T extends FlagOptions> {
  words?: string[];
  run(values: FlagValues<T>, words: (string | undefined)[], io: CliIO): Promise<number>;
}

/**
 * A command made of subcommands (`device list`, `device disable ID`) sharing one set of flags: it refuses a
 * missing or unknown subcommand, naming the ones there are, and more words than the subcommand takes.
 */
export function subcommands<T extends FlagOptions>(
  about: Pick<Command, 'summary' | 'help'>,
  options: T,
  subs: Record<string, Subcommand<T>>,
): Command {
  const usage = Object.entries(subs)
    .map(([name, sub]) => [name, ...(sub.words ?? [])].join(' '))
    .join(', ');
  return {
    ...about,
    async run(args, io) {
      const { values, positionals } = parseFlags(args, options, true);
      const [name, ...words] = positionals;
      const sub = name !== undefined && Object.hasOwn(subs, name) ? subs[name] : undefined;
      if (!sub)
        throw new UsageError(
          `expected a subcommand: ${usage}${name === undefined ? '' : ` (not "${name}")`}`,
        );
      const most = sub.words?.length ?? 0;
      if (words.length > most) throw new UsageError(`unexpected argument ${words[most]}`);
      return sub.run(values, words, io);
    },
  };
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
