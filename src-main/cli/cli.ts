/**
 * The `flotilla` command: a table of subcommands, global help and version, and the exit codes
 * (0 ok, 1 failure, 2 usage error). A new subcommand is one entry in COMMANDS.
 */
import { applyPatchCommand } from './apply-patch-command';
import { UsageError } from './args';
import type { CliContext, Command } from './context';
import { archiveCommand, restoreCommand } from './archive-command';
import { interruptCommand, pauseCommand, resumeCommand } from './control-command';
import { diffCommand } from './diff-command';
import { discardCommand } from './discard-command';
import { errorMessage } from './fleet-options';
import { mergeCommand } from './merge-command';
import { newCommand } from './new-command';
import { builtPaths, readVersion } from './paths';
import { runCommand } from './run-command';
import { sendCommand } from './send-command';
import { serveCommand } from './serve-command';
import { threadsCommand } from './threads-command';
import { watchCommand } from './watch-command';

export const COMMANDS: readonly Command[] = [
  serveCommand,
  runCommand,
  applyPatchCommand,
  // Remote control of the server running on this data dir.
  threadsCommand,
  newCommand,
  watchCommand,
  sendCommand,
  pauseCommand,
  resumeCommand,
  interruptCommand,
  diffCommand,
  mergeCommand,
  discardCommand,
  archiveCommand,
  restoreCommand,
];

export const EXIT_USAGE = 2;

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: flotilla <command> [options]

Run many AI coding agents in parallel on one repository, each in its own git worktree.

Commands:
${list}

Run \`flotilla <command> --help\` for a command's options.
Flotilla keeps its data in $FLOTILLA_HOME (default ~/.flotilla).
`;
}

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return usageError(ctx, 'a command is required.');
  if (name === '--help' || name === '-h' || name === 'help') return help(ctx, rest[0]);
  if (name === '--version' || name === '-v') {
    ctx.stdout.write(`${readVersion(builtPaths(ctx.bundleDir).packageJson)}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return usageError(ctx, `unknown command "${name}".`);
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`flotilla ${command.name}: ${error.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    ctx.stderr.write(`flotilla ${command.name}: ${errorMessage(error)}\n`);
    return 1;
  }
}

function help(ctx: CliContext, topic: string | undefined): number {
  if (topic === undefined) {
    ctx.stdout.write(usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === topic);
  if (!command) return usageError(ctx, `unknown command "${topic}".`);
  ctx.stdout.write(command.usage);
  return 0;
}

function usageError(ctx: CliContext, message: string): number {
  ctx.stderr.write(`flotilla: ${message}\n\n${usage()}`);
  return EXIT_USAGE;
}
