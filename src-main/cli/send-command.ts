/**
 * `flotilla send ID [--queue] "MESSAGE"`: a message to one thread. A working agent is steered
 * (it reads the message at its next step) or, with --queue, gets it after its turn; a thread
 * that has ended starts a new turn with it.
 */
import { HELP_OPTION, UsageError, parseCommandArgs } from './args';
import type { Command } from './context';
import { reportError, withServer } from './remote-session';

const USAGE = `Usage: flotilla send ID [--queue] "MESSAGE"

Sends MESSAGE to thread ID on the running server. A working agent reads it at its next step
(or, with --queue, once its current turn ends); a thread that has finished, failed or been
interrupted starts a new turn with it.

Options:
  --queue     hold the message until the current turn ends instead of steering now
  -h, --help  show this help
`;

const OPTIONS = { ...HELP_OPTION, queue: { type: 'boolean' } } as const;

export const sendCommand: Command = {
  name: 'send',
  summary: 'Send a message to a thread on the running server.',
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: true });
    if (!args) return 0;
    const { values, positionals } = args;
    const [threadId, ...words] = positionals;
    const text = words.join(' ').trim();
    if (!threadId || text === '') throw new UsageError('name a thread and a message: flotilla send ID "MESSAGE".');
    const mode = values.queue === true ? 'queue' : 'steer';
    return withServer(ctx, async (client) => {
      const sent = await client.call('thread.send', { threadId, text, mode });
      if (!sent.ok) return reportError(ctx, sent.error);
      ctx.stdout.write(mode === 'queue' ? `Queued for ${threadId}.\n` : `Sent to ${threadId}.\n`);
      return 0;
    });
  },
};
