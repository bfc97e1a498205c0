// Runs the CLI in-process with captured output, as the tests' view of the `checkpoint` contract.
import { main } from '../../src/cli/main.ts';

/** What one command run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> | null;
}

/** Runs `checkpoint ...args` with optional stdin. */
export async function cli(args: string[], stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => stdin,
  });
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { code, stdout, stderr, json };
}
