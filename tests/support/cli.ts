// The `checkpoint` CLI as the tests run it: in-process with captured output, or the built CLI (lib/) as a child,
// and what every child process needs: the project root, the command, a fresh build, the flags of a store.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, LIB } from '../../scripts/builds.mjs';
import { parseIssuerSecretFile, type IssuerSecret } from '../../src/core/issuer.js';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The `checkpoint` command as child processes run it: bin/checkpoint.mjs (which runs lib/), or CHECKPOINT_CLI
 * (another checkout's bin/checkpoint.mjs, to show that an attack test fails against older code).
 */
export const CLI = process.env.CHECKPOINT_CLI || `${ROOT}bin/checkpoint.mjs`;

/** Where a database is: a SQLite data directory or a PostgreSQL URL (with its `?schema=`). */
export interface Location {
  data?: string;
  databaseUrl?: string;
}

/** The flags that point a `checkpoint` command at a location. */
export function locationArgs(where: Location): string[] {
  return where.databaseUrl ? ['--database-url', where.databaseUrl] : ['--data', where.data!];
}

/** What one command run printed and returned; `json` is stdout parsed, or null when it is not JSON. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> | null;
}

function parsed(stdout: string): Record<string, unknown> | null {
  try {
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Runs `checkpoint ...args` in this process with optional stdin. */
export async function cli(args: string[], stdin = ''): Promise<CliRun> {
  // Imported here, so that files which only run the child do not load the whole CLI.
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => stdin,
  });
  return { code, stdout, stderr, json: parsed(stdout) };
}

/** Builds lib/ (what a child `checkpoint` runs) when it is missing or older than its sources. */
export function ensureBuilt(): void {
  if (!buildIfStale(ROOT, LIB, { quiet: true }))
    throw new Error(`${LIB.command.join(' ')} did not write ${LIB.output}: run it to see why`);
}

/**
 * Runs the built `checkpoint ...args` in a child process (call `ensureBuilt` first), on the store at `where` when
 * given, with DATABASE_URL cleared so only the flags choose the store; throws with its stderr unless it exits 0.
 */
export function cliChild(args: string[], where?: Location): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args, ...(where ? locationArgs(where) : [])], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`checkpoint ${args.join(' ')}: ${r.stderr}`);
  return { code: 0, stdout: r.stdout, stderr: r.stderr, json: parsed(r.stdout) };
}

/**
 * Makes an issuer key with the built CLI (`keys issuer`, its files issuer.json and keys.json in `dir`) and adds it
 * to the trust of the store at `data` (`trust add`); returns its secret, to sign codes, and what `trust add` said.
 */
export function cliIssuer(
  dir: string,
  data: string,
  iss = 'CN-ZJ',
): { secret: IssuerSecret; added: Record<string, unknown> } {
  const [secretFile, keysFile] = [join(dir, 'issuer.json'), join(dir, 'keys.json')];
  cliChild(['keys', 'issuer', '--iss', iss, '--out', secretFile, '--public-out', keysFile]);
  const added = cliChild(['trust', 'add', keysFile, '--data', data]).json ?? {};
  const parsed = parseIssuerSecretFile(JSON.parse(readFileSync(secretFile, 'utf8')));
  if (!parsed.ok) throw new Error(parsed.error);
  return { secret: parsed.value, added };
}

/** The arguments of `checkpoint venue add` for a venue of a category under a policy (Zhejiang 2020 unless given). */
export function venueAddArgs(name: string, category: string, policy = 'zhejiang-2020'): string[] {
  return ['venue', 'add', '--name', name, '--category', category, '--policy', policy];
}
