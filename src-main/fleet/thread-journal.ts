/**
 * A thread's events as its host emits them: each gets the next seq, is reduced into the live
 * summary at once, appended to the log, and only once on disk reduced into what clients see and
 * published. Also tracks every job of the thread, so shutdown can wait for all of them.
 */
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { ThreadEvent, ThreadEventMsg } from '../../src-shared/protocol/thread-events';
import type { ThreadLogWriter } from './event-log';
import type { FleetLogger } from './logger';
import { reduceSummary } from './summary-reducer';

export interface ThreadJournalDeps {
  logger: FleetLogger;
  log: ThreadLogWriter;
  /** Called with each event once it is on disk, with the summary after it. */
  publish(event: ThreadEvent, summary: ThreadSummary): void;
  /** Removes known secrets from each message before it is logged or published (redaction/). */
  redact?(threadId: string, msg: ThreadEventMsg): ThreadEventMsg;
}

export class ThreadJournal {
  /** Reduced as events are emitted; drives decisions such as steer-or-new-turn. */
  private current: ThreadSummary;
  /** Reduced as events reach disk; what clients see. */
  private visible: ThreadSummary;
  private readonly work = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly deps: ThreadJournalDeps,
    summary: ThreadSummary,
    private readonly events: ThreadEvent[],
  ) {
    this.current = summary;
    this.visible = summary;
  }

  get live(): ThreadSummary {
    return this.current;
  }

  get published(): ThreadSummary {
    return this.visible;
  }

  /** Events clients may see (no conversation history), oldest first. */
  get clientEvents(): readonly ThreadEvent[] {
    return this.events;
  }

  get busy(): boolean {
    return this.work.size > 0;
  }

  /** Resolves once every event emitted so far is on disk and published. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.work]);
  }

  /** Waits for every job, including those started meanwhile, then closes the log. */
  async close(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
    this.closed = true;
    await this.deps.log.close();
  }

  /** Records `msg`, then a status_changed if it moved the thread's status, activity or error. */
  emit(msg: ThreadEventMsg): void {
    const before = this.current;
    this.record(msg);
    const after = this.current;
    if (msg.type === 'status_changed' || msg.type === 'thread_created') return;
    if (before.status !== after.status || before.activity !== after.activity || before.error !== after.error) {
      this.record({ type: 'status_changed', status: after.status, activity: after.activity, error: after.error });
    }
  }

  record(msg: ThreadEventMsg): void {
    if (this.closed) return;
    msg = this.deps.redact?.(this.current.id, msg) ?? msg;
    const event: ThreadEvent = { threadId: this.current.id, seq: this.current.lastSeq + 1, ts: Date.now(), msg };
    this.current = reduceSummary(this.current, event);
    const persisted = this.deps.log
      .append(event)
      .catch((error: unknown) => this.deps.logger.error(`Could not write to ${this.deps.log.path}`, error))
      .then(() => {
        this.visible = reduceSummary(this.visible, event);
        // The conversation is for workers: on disk, never in a client's batch or thread.events.
        if (msg.type === 'history_appended') return;
        this.events.push(event);
        this.deps.publish(event, this.visible);
      });
    this.track(persisted);
  }

  track(job: Promise<unknown>): void {
    this.work.add(job);
    const done = (): void => void this.work.delete(job);
    job.then(done, (error: unknown) => {
      done();
      this.deps.logger.error(`Unexpected failure in thread ${this.current.id}`, error);
    });
  }
}
