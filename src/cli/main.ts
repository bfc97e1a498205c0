// `checkpoint`: dispatches to one module per command (src/cli/commands/*).
import { EXIT, UsageError, processIO, type CliIO, type Command } from './io.js';
import { commands } from './commands/index.js';

const USAGE = `checkpoint — health-code checkpoint tools (JSON on stdout; exit 0 ok/admit, 1 refused/deny, 2 usage)

Usage: checkpoint <command> [options]   (checkpoint <command> --help for its options)

Commands:
`;

/** Runs the CLI with the given arguments and returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE + listCommands(commands) + '\n');
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`checkpoint: unknown command "${name}"; run checkpoint --help\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help.trimEnd() + '\n');
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`checkpoint ${name}: ${e.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`checkpoint ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.usage;
  }
}

function listCommands(all: Record<string, Command>): string {
  return Object.entries(all)
    .map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`)
    .join('\n');
}
