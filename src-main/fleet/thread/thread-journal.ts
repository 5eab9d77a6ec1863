/**
 * A thread's events as its host emits them: each gets the next seq, is reduced into the live
 * summary at once, appended to the log, and only once on disk reduced into what clients see and
 * handed to the batcher for the next frame. Also tracks every job of the thread, so shutdown can
 * wait for all of them.
 */
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { ThreadEvent, ThreadEventMsg } from '../../../src-shared/protocol/thread-events';
import { ClientEvents, type EventPage } from './client-events';
import type { FrameSource } from '../api';
import type { ThreadLogWriter } from './event-log';
import type { FleetLogger } from '../logger';
import { DEFAULT_STREAMING, type StreamingOptions } from './stream-compaction';
import { reduceSummary, summaryChanged } from './summary-reducer';

export interface ThreadJournalDeps {
  logger: FleetLogger;
  log: ThreadLogWriter;
  /** Called once an event is on disk: `source` has something for the next frame. */
  publish(source: FrameSource): void;
  /** Removes known secrets from each message before it is logged or published (redaction/). */
  redact?(threadId: string, msg: ThreadEventMsg): ThreadEventMsg;
  /** Coalescing and compaction; both on when absent. */
  streaming?: StreamingOptions;
}

/** How long after a turn ends its log is compacted. */
export const COMPACT_AFTER_MS = 1_000;

export class ThreadJournal implements FrameSource {
  /** Reduced as events are emitted; drives decisions such as steer-or-new-turn. */
  private current: ThreadSummary;
  /** Reduced as events reach disk; what clients see. */
  private visible: ThreadSummary;
  private readonly work = new Set<Promise<unknown>>();
  private closed = false;
  private readonly events: ClientEvents;
  private readonly streaming: StreamingOptions;
  /** The visible summary moved since the last frame in a way clients need to see. */
  private summaryDirty = false;
  private compactTimer: NodeJS.Timeout | null = null;

  /** `restored`: the thread's client events from its log, oldest first. */
  constructor(
    private readonly deps: ThreadJournalDeps,
    summary: ThreadSummary,
    restored: readonly ThreadEvent[],
  ) {
    this.current = summary;
    this.visible = summary;
    this.streaming = deps.streaming ?? DEFAULT_STREAMING;
    this.events = new ClientEvents(restored, this.streaming);
    // A log from before compaction (or cut short mid-turn) still holds fragments of completed items.
    if (this.events.all.length < restored.length) this.compactSoon();
  }

  get live(): ThreadSummary {
    return this.current;
  }

  get published(): ThreadSummary {
    return this.visible;
  }

  /** Events clients may see (no conversation history), oldest first. */
  get clientEvents(): readonly ThreadEvent[] {
    return this.events.all;
  }

  /** A page of `thread.events`. */
  eventsAfter(afterSeq: number, limit: number): EventPage {
    return this.events.after(afterSeq, limit);
  }

  takeFrame(): { events: ThreadEvent[]; summary: ThreadSummary | null } {
    const summary = this.summaryDirty || !this.streaming.coalesce ? this.visible : null;
    this.summaryDirty = false;
    return { events: this.events.takeFrame(), summary };
  }

  get busy(): boolean {
    return this.work.size > 0;
  }

  /** Resolves once every event emitted so far is on disk and published. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.work]);
  }

  /** Waits for every job, including those started meanwhile, then closes the log (compacted, if that was due). */
  async close(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
    if (this.compactTimer) {
      clearTimeout(this.compactTimer);
      this.compactTimer = null;
      await this.compactLog();
    }
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
      .then(() => this.onDisk(event));
    this.track(persisted);
    // After the turn: the log keeps the completed items, not their fragments.
    if (this.streaming.compact && (msg.type === 'turn_completed' || msg.type === 'turn_aborted')) this.compactSoon();
  }

  /**
   * A compaction holds the log's appends while it rewrites the file, and a turn's end is busy
   * (the last items, the checkpoint, the diff stat): it runs a little later, or on close.
   */
  private compactSoon(): void {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = setTimeout(() => {
      this.compactTimer = null;
      this.track(this.compactLog());
    }, COMPACT_AFTER_MS);
    this.compactTimer.unref();
  }

  private async compactLog(): Promise<void> {
    try {
      await this.deps.log.compact();
    } catch (error) {
      // The log still holds everything; it is only larger than it needs to be.
      this.deps.logger.warn(`Could not compact ${this.deps.log.path}: ${String(error)}`);
    }
  }

  private onDisk(event: ThreadEvent): void {
    const before = this.visible;
    this.visible = reduceSummary(before, event);
    // The conversation is for workers: on disk, never in a client's batch or thread.events.
    if (event.msg.type === 'history_appended') return;
    this.summaryDirty ||= summaryChanged(before, this.visible, event);
    this.events.add(event);
    this.deps.publish(this);
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
