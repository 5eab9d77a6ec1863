import { describe, expect, it } from 'vitest';
import type { ThreadEventMsg } from '../../../src-shared/protocol/thread-events';
import { compactCompletedItems, dropFragmentsOf } from './stream-compaction';
import { delta } from '../test-support/stream-test-support';
import { eventsFor, sampleSummary } from '../test-support/samples';

const message = (id: string, text: string) => ({ type: 'assistant_message' as const, id, text });
const started = (id: string): ThreadEventMsg => ({ type: 'item_started', turnId: 'turn-1', item: message(id, '') });
const completed = (id: string, text: string): ThreadEventMsg => ({ type: 'item_completed', turnId: 'turn-1', item: message(id, text) });

describe('compaction of completed items', () => {
  it('drops the fragments of an item that completed, and keeps those of a later item with the same id', () => {
    const events = eventsFor(sampleSummary(), [started('x'), delta('x', 'a'), completed('x', 'a'), started('x'), delta('x', 'b'), delta('y', 'c')]);
    const kept = compactCompletedItems(events).map((e) => e.seq);
    expect(kept).toEqual([1, 2, 4, 5, 6, 7]);
  });

  it('drops in place only the completing item\'s fragments since its start', () => {
    const events = eventsFor(sampleSummary(), [started('x'), delta('x', 'a'), started('y'), delta('y', 'b'), delta('x', 'c')]);
    dropFragmentsOf(events, 'x');
    expect(events.map((e) => e.seq)).toEqual([1, 2, 4, 5]);
  });
});
