/**
 * Follows every thread of a fleet over a client whose connection can drop: live batches as they
 * come, and after each (re)connection everything after the last sequence number seen, fetched
 * with `thread.events` (the same paging every client uses). While a thread catches up, its live
 * events wait, so none is applied twice or skipped: each reaches `onEvents` once, in seq order.
 */
import type { FlotillaClient } from '../../src-shared/protocol/wire';
import type { ThreadEvent, ThreadSummary } from '../../src-shared/protocol/thread-events';
import { fetchEventsAfter } from '../../src-shared/thread-event-pages';

const PAGE = 1000;

export interface FollowerListener {
  onEvents(threadId: string, events: ThreadEvent[]): void;
  onThreads?(threads: ThreadSummary[]): void;
  /** A catch-up that failed (the link dropped again meanwhile); the next connection retries it. */
  onCatchUpFailed?(threadId: string, message: string): void;
}

export class EventFollower {
  private readonly lastSeq = new Map<string, number>();
  private readonly waiting = new Map<string, ThreadEvent[]>();
  private readonly disposers: Array<() => void> = [];

  constructor(
    private readonly client: FlotillaClient,
    private readonly listener: FollowerListener,
  ) {
    this.disposers.push(
      client.onEvent((batch) => {
        for (const [threadId, events] of byThread(batch.events)) this.live(threadId, events);
        if (batch.threads.length > 0) this.listener.onThreads?.(batch.threads);
      }),
      client.onConnectionChange((connected) => {
        if (connected) this.reconnected();
      }),
    );
  }

  /** The newest seq applied for each thread. */
  seen(threadId: string): number {
    return this.lastSeq.get(threadId) ?? 0;
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private live(threadId: string, events: ThreadEvent[]): void {
    const waiting = this.waiting.get(threadId);
    if (waiting) return void waiting.push(...events);
    if (this.lastSeq.has(threadId)) return this.deliver(threadId, events);
    // A thread first heard of live: its earlier events come first.
    this.waiting.set(threadId, [...events]);
    void this.catchUp(threadId);
  }

  /**
   * Every known thread waits from the moment of the hello, before any batch of the new
   * connection is read: a live event applied ahead of the catch-up would hide the gap behind it.
   */
  private reconnected(): void {
    const known = [...this.lastSeq.keys()].filter((id) => !this.waiting.has(id));
    for (const id of known) this.waiting.set(id, []);
    void this.catchUpAll(new Set(known));
  }

  private async catchUpAll(begun: Set<string>): Promise<void> {
    const listed = await this.client.call('threads.list', {}).catch(() => null);
    const ids = new Set(begun);
    if (listed?.ok) {
      this.listener.onThreads?.(listed.value);
      for (const thread of listed.value) {
        if (this.waiting.has(thread.id) && !begun.has(thread.id)) continue;
        this.waiting.set(thread.id, this.waiting.get(thread.id) ?? []);
        ids.add(thread.id);
      }
    }
    await Promise.all([...ids].map((id) => this.catchUp(id)));
  }

  /** Fetches what follows the last seq seen, then applies what arrived live meanwhile. */
  private async catchUp(threadId: string): Promise<void> {
    let message: string | null = null;
    try {
      const fetched = await fetchEventsAfter((afterSeq) => this.client.call('thread.events', { threadId, afterSeq, limit: PAGE }), this.seen(threadId));
      if (fetched.ok) this.deliver(threadId, fetched.value);
      else message = fetched.error.message;
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    const held = this.waiting.get(threadId) ?? [];
    this.waiting.delete(threadId);
    // After a failure (the link dropped again), what was held is fetched by the next catch-up.
    if (message === null) this.deliver(threadId, held);
    else this.listener.onCatchUpFailed?.(threadId, message);
  }

  private deliver(threadId: string, events: ThreadEvent[]): void {
    let last = this.seen(threadId);
    const fresh: ThreadEvent[] = [];
    for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
      if (event.seq <= last) continue;
      fresh.push(event);
      last = event.seq;
    }
    this.lastSeq.set(threadId, last);
    if (fresh.length > 0) this.listener.onEvents(threadId, fresh);
  }
}

function byThread(events: ThreadEvent[]): Map<string, ThreadEvent[]> {
  const grouped = new Map<string, ThreadEvent[]>();
  for (const event of events) {
    const list = grouped.get(event.threadId) ?? [];
    list.push(event);
    grouped.set(event.threadId, list);
  }
  return grouped;
}
