/**
 * Drives one task on an in-process fleet to its end: start it, follow its threads' events, stop
 * when every thread is done, failed or interrupted (or on a signal), and report.
 */
import type { ClientEvent, CommandParams, Result } from '../../src-shared/protocol/api';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { fetchEventsAfter, type ThreadEventPage } from '../../src-shared/thread-event-pages';
import type { FleetService } from '../fleet/fleet-service';
import type { CliContext } from './context';
import { summaryLines } from './format';
import { createProgress, type Progress } from './progress';
import { TaskTracker } from './task-tracker';

export const EXIT_INTERRUPTED = 130;

/** What runTask needs of a fleet: an in-process one, or a remote host's (host-session.ts). */
export type TaskFleet = Pick<FleetService, 'call' | 'onEvent' | 'dispose'>;

type Outcome = 'finished' | NodeJS.Signals;

export async function runTask(
  ctx: CliContext,
  fleet: TaskFleet,
  params: CommandParams<'task.run'>,
  json: boolean,
): Promise<number> {
  const signal = ctx.waitForSignal(['SIGINT', 'SIGTERM']);
  // Subscribe before starting, so no event of the new threads is missed; hold them until we know the threads.
  let held: ClientEvent[] | null = [];
  let onBatch: (batch: ClientEvent) => void = () => undefined;
  const unsubscribe = fleet.onEvent((batch) => (held ? held.push(batch) : onBatch(batch)));
  try {
    const starting = fleet.call('task.run', params);
    const first = await Promise.race([starting, signal.promise]);
    if (typeof first === 'string') return await cancelCreation(ctx, fleet, starting);
    const started = first;
    if (!started.ok) {
      ctx.stderr.write(`${started.error.message}\n`);
      return 2;
    }
    for (const note of started.value.notes) ctx.stderr.write(`${note}\n`);
    const tracker = new TaskTracker(started.value.threads);
    const progress = createProgress(ctx.stderr);
    const follow = followTask(tracker, progress, (events) => {
      if (json) for (const event of events) ctx.stdout.write(`${JSON.stringify(event)}\n`);
    });
    onBatch = follow.onBatch;
    for (const batch of held ?? []) onBatch(batch);
    held = null;
    const outcome = await Promise.race([follow.finished, signal.promise]);
    follow.dispose();
    // From here on the report is final: late batches (worker exits) are not drawn; --json catches up below.
    onBatch = () => undefined;
    if (outcome !== 'finished') return await interruptAll(ctx, fleet, tracker, progress);
    await catchUp(ctx, fleet, tracker, json);
    progress.finish(tracker.threads());
    if (!json) for (const line of summaryLines(tracker.threads())) ctx.stdout.write(`${line}\n`);
    return tracker.threads().every((thread) => thread.status === 'done') ? 0 : 1;
  } finally {
    signal.dispose();
    unsubscribe();
    await fleet.dispose();
  }
}

/** A finished turn's diff stat is measured after it; give it this long before reporting without it. */
const DIFF_STAT_GRACE_MS = 15_000;

interface Follow {
  onBatch(batch: ClientEvent): void;
  /** Resolves when every thread has ended and its diff stat is in. */
  finished: Promise<Outcome>;
  dispose(): void;
}

function followTask(tracker: TaskTracker, progress: Progress, onEvents: (events: ThreadEvent[]) => void): Follow {
  let grace: ReturnType<typeof setTimeout> | undefined;
  let resolve: (outcome: Outcome) => void = () => undefined;
  const finished = new Promise<Outcome>((r) => (resolve = r));
  const settle = () => {
    if (!tracker.allFinished()) return;
    if (!tracker.awaitingDiffStats()) resolve('finished');
    // A measurement that fails sends no diff_stat; report without it rather than hang.
    else grace ??= setTimeout(() => resolve('finished'), DIFF_STAT_GRACE_MS);
  };
  progress.update(tracker.threads(), []);
  settle();
  return {
    finished,
    onBatch(batch) {
      const update = tracker.apply(batch);
      onEvents(update.events);
      progress.update(tracker.threads(), update.statusChanged);
      settle();
    },
    dispose: () => clearTimeout(grace),
  };
}

/**
 * The final word on each thread: events the last batch did not carry yet (for --json) and the
 * latest summaries (diff stats) from threads.list.
 */
async function catchUp(ctx: CliContext, fleet: TaskFleet, tracker: TaskTracker, json: boolean): Promise<void> {
  if (json) {
    for (const thread of tracker.threads()) {
      const events = await fetchEventsAfter((afterSeq) => eventPage(fleet, thread.id, afterSeq), tracker.seen(thread.id));
      if (!events.ok) continue;
      const update = tracker.apply({ type: 'batch', events: events.value, threads: [] });
      for (const event of update.events) ctx.stdout.write(`${JSON.stringify(event)}\n`);
    }
  }
  const listed = await fleet.call('threads.list', {});
  if (listed.ok) tracker.refresh(listed.value);
}

async function eventPage(fleet: TaskFleet, threadId: string, afterSeq: number): Promise<Result<ThreadEventPage>> {
  return fleet.call('thread.events', { threadId, afterSeq });
}

/**
 * Ctrl-C while the worktrees are still being made: stopping the fleet cancels the task, which
 * removes what it made. (A second Ctrl-C exits at once; the next start cleans up after it.)
 */
async function cancelCreation(ctx: CliContext, fleet: TaskFleet, starting: Promise<unknown>): Promise<number> {
  ctx.stderr.write('\nCancelling: removing the worktrees made so far...\n');
  await fleet.dispose();
  await starting;
  return EXIT_INTERRUPTED;
}

async function interruptAll(ctx: CliContext, fleet: TaskFleet, tracker: TaskTracker, progress: Progress): Promise<number> {
  progress.finish(tracker.threads());
  const settingUp = tracker.threads().some((thread) => thread.status === 'setting_up');
  ctx.stderr.write(settingUp ? '\nCancelling: removing the worktrees made so far, and interrupting every agent...\n' : '\nInterrupting every agent...\n');
  await Promise.all(tracker.threadIds().map((threadId) => fleet.call('thread.interrupt', { threadId })));
  return EXIT_INTERRUPTED;
}
