/**
 * `flotilla watch ID`: one thread's transcript from its first event, then live until the thread
 * is done, failed or interrupted (or for good with --follow). It subscribes before it asks for
 * the history, so nothing falls between the two; sequence numbers drop what arrives twice.
 */
import { isTerminalStatus, type ThreadStatus } from '../../src-shared/domain/thread';
import type { ClientEvent } from '../../src-shared/protocol/api';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { fetchEventsAfter } from '../../src-shared/thread-event-pages';
import { HELP_OPTION, UsageError, parseCommandArgs } from './args';
import type { CliContext, Command } from './context';
import { reportError, withServer, type ServerClient } from './remote-session';
import { TranscriptPrinter } from './remote-transcript-printer';

const USAGE = `Usage: flotilla watch ID [--json] [--follow]

Prints thread ID's transcript from the start and follows it live: the agent's text as it streams,
each \`$ command\` with its output, patches and status changes. Exits when the thread is done
(0), or has failed or been interrupted (1).

Options:
  --json      print each raw thread event as one JSON line instead
  --follow    keep following after the thread ends (it can start again on \`flotilla send\`)
  -h, --help  show this help
`;

const OPTIONS = { ...HELP_OPTION, json: { type: 'boolean' }, follow: { type: 'boolean' } } as const;

export const EXIT_WATCH_STOPPED = 130;

export const watchCommand: Command = {
  name: 'watch',
  summary: "Follow a thread's live transcript on the running server.",
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: true });
    if (!args) return 0;
    const { values, positionals } = args;
    const [threadId, ...extra] = positionals;
    if (!threadId || extra.length > 0) throw new UsageError('name one thread: flotilla watch ID.');
    const options = { json: values.json === true, follow: values.follow === true };
    return withServer(ctx, (client) => watch(ctx, client, threadId, options));
  },
};

interface WatchOptions {
  json: boolean;
  follow: boolean;
}

async function watch(ctx: CliContext, client: ServerClient, threadId: string, options: WatchOptions): Promise<number> {
  const view = new ThreadView(ctx, options.json);
  let held: ClientEvent[] | null = [];
  let wake: () => void = () => undefined;
  const unsubscribe = client.onEvent((batch) => {
    if (held) return void held.push(batch);
    view.applyBatch(batch, threadId);
    wake();
  });
  let lost = false;
  const offConnection = client.onConnectionChange((connected) => {
    lost = !connected;
    wake();
  });
  const signal = ctx.waitForSignal(['SIGINT', 'SIGTERM']);
  try {
    const history = await fetchEventsAfter((afterSeq) => client.call('thread.events', { threadId, afterSeq }), 0);
    if (!history.ok) return reportError(ctx, history.error);
    for (const event of history.value) view.apply(event);
    for (const batch of held) view.applyBatch(batch, threadId);
    held = null;
    const ended = () => !options.follow && view.status !== null && isTerminalStatus(view.status);
    const stopped = signal.promise.then(() => 'signal' as const);
    while (!ended() && !lost) {
      const outcome = await Promise.race([new Promise<'event'>((resolve) => (wake = () => resolve('event'))), stopped]);
      if (outcome === 'signal') return EXIT_WATCH_STOPPED;
    }
    if (lost && !ended()) {
      ctx.stderr.write('The Flotilla server closed the connection; the thread goes on without this watch.\n');
      return 1;
    }
    return view.status === 'done' ? 0 : 1;
  } finally {
    signal.dispose();
    offConnection();
    unsubscribe();
  }
}

/** The thread's status as its events tell it, and the output (a transcript or JSON lines). */
class ThreadView {
  status: ThreadStatus | null = null;
  private lastSeq = 0;
  private readonly printer: TranscriptPrinter;

  constructor(
    private readonly ctx: CliContext,
    private readonly json: boolean,
  ) {
    this.printer = new TranscriptPrinter((text) => ctx.stdout.write(text), ctx.stdout.isTTY !== true);
  }

  applyBatch(batch: ClientEvent, threadId: string): void {
    for (const event of batch.events) if (event.threadId === threadId) this.apply(event);
  }

  apply(event: ThreadEvent): void {
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    if (event.msg.type === 'thread_created') this.status = event.msg.thread.status;
    if (event.msg.type === 'status_changed') this.status = event.msg.status;
    if (this.json) this.ctx.stdout.write(`${JSON.stringify(event)}\n`);
    else this.printer.apply(event);
  }
}
