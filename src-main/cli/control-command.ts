/**
 * `flotilla pause|resume|interrupt ID|--all`: control of running threads on the server. `--all`
 * uses the fleet's pauseAll/resumeAll; there is no interruptAll, so it interrupts each thread
 * that is still running.
 */
import { isTerminalStatus } from '../../src-shared/domain/thread';
import type { Result } from '../../src-shared/protocol/api';
import { HELP_OPTION, UsageError, parseCommandArgs } from './args';
import type { CliContext, Command } from './context';
import { reportError, withServer, type ServerClient } from './remote-session';

type Sweep = { ok: true; count: number } | { ok: false; exitCode: number };

interface Verb {
  name: 'pause' | 'resume' | 'interrupt';
  summary: string;
  description: string;
  /** "Paused", "Resumed", "Interrupted". */
  done: string;
  one(client: ServerClient, threadId: string): Promise<Result<unknown>>;
  all(client: ServerClient, ctx: CliContext): Promise<Sweep>;
}

const OPTIONS = { ...HELP_OPTION, all: { type: 'boolean' } } as const;

function controlCommand(verb: Verb): Command {
  const usage = `Usage: flotilla ${verb.name} ID | --all

${verb.description}

Options:
  --all       every thread of the server
  -h, --help  show this help
`;
  return {
    name: verb.name,
    summary: verb.summary,
    usage,
    async run(argv, ctx) {
      const args = parseCommandArgs(argv, OPTIONS, usage, ctx.stdout, { positionals: true });
      if (!args) return 0;
      const { values, positionals } = args;
      const all = values.all === true;
      if (all === (positionals.length > 0)) throw new UsageError('name one thread ID, or --all.');
      if (positionals.some((id) => id.trim() === '')) throw new UsageError('a thread ID cannot be empty.');
      if (positionals.length > 1) throw new UsageError(`one thread ID at a time (got ${positionals.length}).`);
      return withServer(ctx, async (client) => {
        if (all) {
          const result = await verb.all(client, ctx);
          if (!result.ok) return result.exitCode;
          ctx.stdout.write(`${verb.done} ${result.count} thread${result.count === 1 ? '' : 's'}.\n`);
          return 0;
        }
        const threadId = positionals[0] ?? '';
        const result = await verb.one(client, threadId);
        if (!result.ok) return reportError(ctx, result.error);
        ctx.stdout.write(`${verb.done} ${threadId}.\n`);
        return 0;
      });
    },
  };
}

async function countOf(ctx: CliContext, call: Promise<Result<{ count: number }>>): Promise<Sweep> {
  const result = await call;
  return result.ok ? { ok: true, count: result.value.count } : { ok: false, exitCode: reportError(ctx, result.error) };
}

/** Interrupts every thread that has not ended; the first failure stops the sweep and is reported. */
async function interruptRunning(client: ServerClient, ctx: CliContext): Promise<Sweep> {
  const listed = await client.call('threads.list', {});
  if (!listed.ok) return { ok: false, exitCode: reportError(ctx, listed.error) };
  const running = listed.value.filter((thread) => !isTerminalStatus(thread.status));
  for (const thread of running) {
    const result = await client.call('thread.interrupt', { threadId: thread.id });
    if (!result.ok) return { ok: false, exitCode: reportError(ctx, result.error) };
  }
  return { ok: true, count: running.length };
}

export const pauseCommand = controlCommand({
  name: 'pause',
  summary: 'Pause a thread (or --all) on the running server.',
  description: 'Holds a thread before its next model request and stops its running command, until `flotilla resume`.',
  done: 'Paused',
  one: (client, threadId) => client.call('thread.pause', { threadId }),
  all: (client, ctx) => countOf(ctx, client.call('threads.pauseAll', {})),
});

export const resumeCommand = controlCommand({
  name: 'resume',
  summary: 'Resume a paused or stopped thread (or --all) on the running server.',
  description: `Continues a paused thread; an interrupted or failed one continues with its full history.
With --all: every paused thread, and every thread Flotilla itself stopped (it was closed, or it
crashed and restarted, while the agent worked). Threads you interrupted by hand, and failed
ones, are left alone: resume those by ID.`,
  done: 'Resumed',
  one: (client, threadId) => client.call('thread.resume', { threadId }),
  all: (client, ctx) => countOf(ctx, client.call('threads.resumeAll', {})),
});

export const interruptCommand = controlCommand({
  name: 'interrupt',
  summary: 'Interrupt a thread (or --all running ones) on the running server.',
  description: "Stops a thread's current turn; its branch and history stay, and `flotilla send` starts a new turn.",
  done: 'Interrupted',
  one: (client, threadId) => client.call('thread.interrupt', { threadId }),
  all: interruptRunning,
});
