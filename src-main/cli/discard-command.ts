/** `flotilla discard ID [--force]`: removes a thread's worktree and branch, never losing work silently. */
import { HELP_OPTION, UsageError, parseCommandArgs } from './args';
import type { Command } from './context';
import { reportError, withServer } from './remote-session';

const USAGE = `Usage: flotilla discard ID [--force]

Removes thread ID's worktree and branch. Work that is not in the base branch is refused unless
--force is given; it is then kept under refs/flotilla/discarded/ID, recoverable with git.

Options:
  --force     discard even unmerged work (a recoverable ref keeps it)
  -h, --help  show this help
`;

const OPTIONS = { ...HELP_OPTION, force: { type: 'boolean' } } as const;

export const discardCommand: Command = {
  name: 'discard',
  summary: "Remove a thread's worktree and branch.",
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: true });
    if (!args) return 0;
    const { values, positionals } = args;
    const [threadId, ...extra] = positionals;
    if (!threadId || extra.length > 0) throw new UsageError('name exactly one thread: flotilla discard ID.');
    return withServer(ctx, async (client) => {
      const result = await client.call('thread.discard', { threadId, force: values.force === true });
      if (!result.ok) return reportError(ctx, result.error);
      const kept = result.value.keptRef;
      ctx.stdout.write(kept ? `Discarded ${threadId}; its work is kept under ${kept}.\n` : `Discarded ${threadId}.\n`);
      return 0;
    });
  },
};
