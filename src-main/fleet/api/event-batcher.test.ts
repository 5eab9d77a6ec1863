import { afterEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src-shared/protocol/api';
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { createEventBatcher, type EventBatcher, type FrameSource } from './event-batcher';
import { eventsFor, sampleSummary } from '../test-support/samples';

function nextBatch(batcher: EventBatcher): Promise<ClientEvent> {
  return new Promise((resolve) => {
    const dispose = batcher.onEvent((event) => {
      dispose();
      resolve(event);
    });
  });
}

/** A thread that hands over whatever was queued on it since its last frame. */
class QueuedSource implements FrameSource {
  private events: ThreadEvent[] = [];
  private summary: ThreadSummary | null = null;
  takes = 0;

  queue(event: ThreadEvent, summary: ThreadSummary | null): this {
    this.events.push(event);
    this.summary = summary ?? this.summary;
    return this;
  }

  takeFrame() {
    this.takes += 1;
    const frame = { events: this.events, summary: this.summary };
    this.events = [];
    this.summary = null;
    return frame;
  }
}

describe('event batcher', () => {
  let batcher: EventBatcher;
  afterEach(() => batcher.dispose());

  const a = sampleSummary({ id: 't_a' });
  const b = sampleSummary({ id: 't_b' });
  const [aCreated, aStarted] = eventsFor(a, [{ type: 'turn_started', turnId: 'x' }]);
  const [bCreated] = eventsFor(b, []);

  it('gathers the frames of every woken thread into one batch, in the order they woke', async () => {
    batcher = createEventBatcher({ intervalMs: 16 });
    const received: ClientEvent[] = [];
    batcher.onEvent((event) => received.push(event));
    const batch = nextBatch(batcher);
    const sourceA = new QueuedSource();
    const sourceB = new QueuedSource();
    const aWorking = { ...a, status: 'working' as const, lastSeq: 2 };
    batcher.push(sourceA.queue(aCreated!, a));
    batcher.push(sourceB.queue(bCreated!, b));
    batcher.push(sourceA.queue(aStarted!, aWorking));
    expect(received).toHaveLength(0); // nothing synchronously
    expect(await batch).toEqual({ type: 'batch', events: [aCreated, aStarted, bCreated], threads: [aWorking, b] });
    expect(received).toHaveLength(1);
    expect(sourceA.takes).toBe(1);
  });

  it('leaves out a summary its thread did not offer, and sends nothing when nothing happened', () => {
    batcher = createEventBatcher({ intervalMs: 60_000 });
    const received: ClientEvent[] = [];
    batcher.onEvent((event) => received.push(event));
    batcher.flush();
    batcher.push(new QueuedSource());
    batcher.flush();
    expect(received).toEqual([]);
    batcher.push(new QueuedSource().queue(aStarted!, null));
    batcher.dispose();
    expect(received).toEqual([{ type: 'batch', events: [aStarted], threads: [] }]);
  });

  it('stops delivering to a disposed listener and survives a throwing one', () => {
    const errors: unknown[] = [];
    batcher = createEventBatcher({ intervalMs: 60_000, onListenerError: (e) => errors.push(e) });
    const received: ClientEvent[] = [];
    const dispose = batcher.onEvent((event) => received.push(event));
    batcher.onEvent(() => {
      throw new Error('broken client');
    });
    const kept: ClientEvent[] = [];
    batcher.onEvent((event) => kept.push(event));
    batcher.push(new QueuedSource().queue(aCreated!, a));
    batcher.flush();
    dispose();
    batcher.push(new QueuedSource().queue(bCreated!, b));
    batcher.flush();
    expect(received).toHaveLength(1);
    expect(kept).toHaveLength(2);
    expect(errors).toHaveLength(2);
  });
});
