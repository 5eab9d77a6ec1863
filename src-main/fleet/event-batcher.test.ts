import { afterEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../src-shared/protocol/api';
import { createEventBatcher, type EventBatcher } from './event-batcher';
import { eventsFor, sampleSummary } from './test-support';

function nextBatch(batcher: EventBatcher): Promise<ClientEvent> {
  return new Promise((resolve) => {
    const dispose = batcher.onEvent((event) => {
      dispose();
      resolve(event);
    });
  });
}

describe('event batcher', () => {
  let batcher: EventBatcher;
  afterEach(() => batcher.dispose());

  const a = sampleSummary({ id: 't_a' });
  const b = sampleSummary({ id: 't_b' });
  const [aCreated, aStarted] = eventsFor(a, [{ type: 'turn_started', turnId: 'x' }]);
  const [bCreated] = eventsFor(b, []);

  it('coalesces events from many threads into one batch with the latest summary per thread', async () => {
    batcher = createEventBatcher({ intervalMs: 16 });
    const received: ClientEvent[] = [];
    batcher.onEvent((event) => received.push(event));
    const batch = nextBatch(batcher);
    batcher.push(aCreated!, a);
    batcher.push(bCreated!, b);
    const aWorking = { ...a, status: 'working' as const, lastSeq: 2 };
    batcher.push(aStarted!, aWorking);
    expect(received).toHaveLength(0); // nothing synchronously
    expect(await batch).toEqual({ type: 'batch', events: [aCreated, bCreated, aStarted], threads: [aWorking, b] });
    expect(received).toHaveLength(1);
  });

  it('sends nothing when nothing happened, and flushes what is pending on dispose', () => {
    batcher = createEventBatcher({ intervalMs: 60_000 });
    const received: ClientEvent[] = [];
    batcher.onEvent((event) => received.push(event));
    batcher.flush();
    expect(received).toEqual([]);
    batcher.push(aCreated!, a);
    batcher.dispose();
    expect(received).toEqual([{ type: 'batch', events: [aCreated], threads: [a] }]);
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
    batcher.push(aCreated!, a);
    batcher.flush();
    dispose();
    batcher.push(bCreated!, b);
    batcher.flush();
    expect(received).toHaveLength(1);
    expect(kept).toHaveLength(2);
    expect(errors).toHaveLength(2);
  });
});
