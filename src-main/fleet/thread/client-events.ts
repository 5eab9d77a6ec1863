/**
 * A thread's events as clients get them, in memory: live frames and `thread.events` pages come
 * from this one list, so they always agree.
 *
 * A delta merges into the previous event while that one is still open: a delta of the same item,
 * not yet handed to anyone (in a frame or a page). Once handed out an event never changes (its
 * seq and text are what some client holds), so whatever afterSeq a client comes back with falls
 * between two events, never inside one. An event may only disappear: the deltas of an item that
 * completed, since the completed item carries all they said and the reducer replaces the item.
 *
 * All of a thread's client events stay in memory, unbounded: compacted they are about the size of
 * its transcript (`npm run bench`: 16 demo threads keep ~1,100 events, against ~26,000 with every
 * delta), which the fleet would read back from the log for nearly every page anyway.
 */
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { continuesDelta, mergeDeltas } from '../../../src-shared/item-deltas';
import { compactCompletedItems, dropFragmentsOf, type StreamingOptions } from './stream-compaction';

export interface EventPage {
  events: ThreadEvent[];
  /** More events follow the page. */
  hasMore: boolean;
}

export class ClientEvents {
  private readonly events: ThreadEvent[];
  /** Events up to this seq went out in a frame; restored ones never go out again. */
  private sentSeq: number;
  /** The last event may still absorb deltas: nobody has seen it. */
  private tailOpen = false;

  /** `restored`: the thread's events from its log (in seq order), already seen by clients of an earlier run. */
  constructor(
    restored: readonly ThreadEvent[],
    private readonly options: StreamingOptions,
  ) {
    this.events = options.compact ? compactCompletedItems(restored) : [...restored];
    this.sentSeq = this.events.at(-1)?.seq ?? 0;
  }

  get all(): readonly ThreadEvent[] {
    return this.events;
  }

  add(event: ThreadEvent): void {
    const tail = this.events.at(-1);
    if (this.options.coalesce && this.tailOpen && tail && continuesDelta(tail, event)) {
      this.events[this.events.length - 1] = mergeDeltas(tail, event);
      return;
    }
    if (this.options.compact && event.msg.type === 'item_completed') dropFragmentsOf(this.events, event.msg.item.id);
    this.events.push(event);
    this.tailOpen = event.msg.type === 'item_delta';
  }

  /** The events not sent in a frame yet, oldest first; from now on they are fixed. */
  takeFrame(): ThreadEvent[] {
    const frame = this.events.slice(this.indexAfter(this.sentSeq));
    this.sentSeq = this.events.at(-1)?.seq ?? this.sentSeq;
    this.tailOpen = false;
    return frame;
  }

  /** Up to `limit` events after `afterSeq`, oldest first; from now on they are fixed. */
  after(afterSeq: number, limit: number): EventPage {
    this.tailOpen = false;
    const start = this.indexAfter(afterSeq);
    const events = this.events.slice(start, start + limit);
    return { events, hasMore: start + events.length < this.events.length };
  }

  /** The index of the first event with a seq above `seq` (seqs strictly increase). */
  private indexAfter(seq: number): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.events[mid]!.seq <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
