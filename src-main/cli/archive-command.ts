/** `flotilla archive ID` and `flotilla restore ID`: a finished thread's worktree removed to free the disk, and made again. */
import { HELP_OPTION, UsageError, parseCommandArgs } from './args';
import type { Command } from './context';
import { reportError, withServer } from './remote-session';

const ARCHIVE_USAGE = `Usage: flotilla archive ID

Archives finished thread ID: runs flotilla.json's teardown, removes its worktree and frees its
ports. Its branch and checkpoints stay, and what the worktree held that the branch does not
(uncommitted or untracked files) is kept under refs/flotilla/archived/ID. \`flotilla restore ID\`
brings it back.

Options:
  -h, --help  show this help
`;

const RESTORE_USAGE = `Usage: flotilla restore ID

Restores archived thread ID: its worktree is made again from its branch, with what archiving
kept, and flotilla.json's copy, ports and setup run again.

Options:
  -h, --help  show this help
`;

function oneThread(argv: string[], usage: string, name: string, ctx: Parameters<Command['run']>[1]): string | null {
  const args = parseCommandArgs(argv, HELP_OPTION, usage, ctx.stdout, { positionals: true });
  if (!args) return null;
  const [threadId, ...extra] = args.positionals;
  if (!threadId || extra.length > 0) throw new UsageError(`name exactly one thread: flotilla ${name} ID.`);
  return threadId;
}

export const archiveCommand: Command = {
  name: 'archive',
  summary: "Remove a finished thread's worktree, keeping its branch and checkpoints.",
  usage: ARCHIVE_USAGE,
  async run(argv, ctx) {
    const threadId = oneThread(argv, ARCHIVE_USAGE, 'archive', ctx);
    if (threadId === null) return 0;
    return withServer(ctx, async (client) => {
      const result = await client.call('thread.archive', { threadId });
      if (!result.ok) return reportError(ctx, result.error);
      const kept = result.value.keptRef;
      ctx.stdout.write(`Archived ${threadId}${kept ? `; its uncommitted work is kept under ${kept}` : ''}. Restore it with: flotilla restore ${threadId}\n`);
      return 0;
    });
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: "Make an archived thread's worktree again.",
  usage: RESTORE_USAGE,
  async run(argv, ctx) {
    const threadId = oneThread(argv, RESTORE_USAGE, 'restore', ctx);
    if (threadId === null) return 0;
    return withServer(ctx, async (client) => {
      const result = await client.call('thread.restore', { threadId });
      if (!result.ok) return reportError(ctx, result.error);
      ctx.stdout.write(`Restored ${threadId}'s worktree; its setup runs now (flotilla threads shows when it is done).\n`);
      return 0;
    });
  },
};
