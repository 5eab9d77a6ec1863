/**
 * Follows one task's threads through the fleet's event batches: the latest summary of each, the
 * events not seen yet (in order, once each), and whether every thread has finished.
 */
import type { ClientEvent } from '../../src-shared/protocol/api';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { isTerminalStatus, type ThreadSummary } from '../../src-shared/domain/thread';

export interface TrackerUpdate {
  /** This task's events that were not seen before, oldest first. */
  events: ThreadEvent[];
  /** Threads whose status changed in this update. */
  statusChanged: ThreadSummary[];
}

export class TaskTracker {
  private readonly summaries = new Map<string, ThreadSummary>();
  private readonly seenSeq = new Map<string, number>();
  /** Threads whose last turn ended without a diff_stat after it yet (the fleet measures after each turn). */
  private readonly diffPending = new Set<string>();

  constructor(threads: readonly ThreadSummary[]) {
    for (const thread of threads) {
      this.summaries.set(thread.id, thread);
      this.seenSeq.set(thread.id, 0);
    }
  }

  apply(batch: ClientEvent): TrackerUpdate {
    // The fleet sends each thread's events in order; keep the batch's order and drop repeats.
    const events: ThreadEvent[] = [];
    for (const event of batch.events) {
      if (!this.isNew(event)) continue;
      events.push(event);
      this.seenSeq.set(event.threadId, event.seq);
      this.noteDiff(event);
    }
    const statusChanged: ThreadSummary[] = [];
    for (const thread of batch.threads) {
      const previous = this.summaries.get(thread.id);
      if (!previous) continue;
      this.summaries.set(thread.id, thread);
      if (previous.status !== thread.status) statusChanged.push(thread);
    }
    return { events, statusChanged };
  }

  /** Replaces summaries with fresher ones (threads.list), ignoring other tasks' threads. */
  refresh(threads: readonly ThreadSummary[]): void {
    for (const thread of threads) {
      if (this.summaries.has(thread.id)) this.summaries.set(thread.id, thread);
    }
  }

  threads(): ThreadSummary[] {
    return [...this.summaries.values()].sort((a, b) => a.agentIndex - b.agentIndex);
  }

  threadIds(): string[] {
    return this.threads().map((thread) => thread.id);
  }

  /** The newest sequence number seen of a thread's events. */
  seen(threadId: string): number {
    return this.seenSeq.get(threadId) ?? 0;
  }

  allFinished(): boolean {
    return this.threads().every((thread) => isTerminalStatus(thread.status));
  }

  /** True while a finished turn's diff stat has not arrived: the summary would show stale numbers. */
  awaitingDiffStats(): boolean {
    return this.diffPending.size > 0;
  }

  private noteDiff(event: ThreadEvent): void {
    const type = event.msg.type;
    if (type === 'turn_completed' || type === 'turn_aborted') this.diffPending.add(event.threadId);
    else if (type === 'diff_stat') this.diffPending.delete(event.threadId);
  }

  private isNew(event: ThreadEvent): boolean {
    const seen = this.seenSeq.get(event.threadId);
    return seen !== undefined && event.seq > seen;
  }
}
