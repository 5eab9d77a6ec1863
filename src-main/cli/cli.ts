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
import { hostsCommand } from './hosts-command';
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
  // Remote hosts: fleets on other machines, over SSH.
  hostsCommand,
];

export const EXIT_USAGE = 2;

/** Commands that talk to a server, and so take `--host NAME`: that host's server, over SSH. */
const HOST_COMMANDS = new Set(['run', 'threads', 'new', 'watch', 'send', 'pause', 'resume', 'interrupt', 'diff', 'merge', 'discard']);
const HOST_USAGE = `\nOn a remote host:
  --host NAME   the command runs against host NAME's server (\`flotilla hosts add\`), over SSH;
                paths (--repo) are the host's
`;

/** `--host NAME` or `--host=NAME`, anywhere before a `--`, taken out of the command's arguments. */
export function takeHostFlag(argv: string[]): { host: string | undefined; argv: string[] } {
  const rest: string[] = [];
  let host: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--host' && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) host = argv[++i];
    else if (arg.startsWith('--host=')) host = arg.slice('--host='.length);
    else if (arg === '--host') throw new UsageError('--host needs the name of a host (`flotilla hosts list`).');
    else rest.push(arg);
  }
  return { host, argv: rest };
}

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
    const { host, argv } = HOST_COMMANDS.has(command.name) ? takeHostFlag(rest) : { host: undefined, argv: rest };
    return await command.run(argv, host === undefined ? ctx : { ...ctx, host });
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`flotilla ${command.name}: ${error.message}\n\n${HOST_COMMANDS.has(command.name) ? `${command.usage}${HOST_USAGE}` : command.usage}`);
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
  ctx.stdout.write(HOST_COMMANDS.has(command.name) ? `${command.usage}${HOST_USAGE}` : command.usage);
  return 0;
}

function usageError(ctx: CliContext, message: string): number {
  ctx.stderr.write(`flotilla: ${message}\n\n${usage()}`);
  return EXIT_USAGE;
}
