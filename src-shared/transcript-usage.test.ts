import { describe, expect, it } from 'vitest';
import type { ThreadEvent, ThreadEventMsg } from './protocol/thread-events';
import { applyThreadEvent, emptyTranscript } from './transcript';

const usage = (inputTokens: number, cachedInputTokens: number, outputTokens: number) => ({ inputTokens, cachedInputTokens, outputTokens, reasoningTokens: 0 });

function fold(msgs: ThreadEventMsg[]) {
  const events: ThreadEvent[] = msgs.map((msg, i) => ({ threadId: 't', seq: i + 1, ts: i, msg }));
  return events.reduce(applyThreadEvent, emptyTranscript());
}

describe('turn usage in the transcript', () => {
  it('sums a turn\'s requests into one item when the turn ends', () => {
    const t = fold([
      { type: 'turn_started', turnId: 'a' },
      { type: 'usage', turnId: 'a', usage: usage(100, 0, 10) },
      { type: 'usage', turnId: 'a', usage: usage(150, 100, 20) },
      { type: 'turn_completed', turnId: 'a', summary: null },
      { type: 'turn_started', turnId: 'b' },
      { type: 'usage', turnId: 'b', usage: usage(200, 150, 5) },
      { type: 'turn_aborted', turnId: 'b', reason: 'interrupted' },
    ]);
    const usageItems = t.items.filter((item) => item.type === 'turn_usage');
    expect(usageItems).toEqual([
      { type: 'turn_usage', id: 'usage-a', turnId: 'a', requests: 2, usage: usage(250, 100, 30) },
      { type: 'turn_usage', id: 'usage-b', turnId: 'b', requests: 1, usage: usage(200, 150, 5) },
    ]);
    expect(t.turnUsage).toEqual({});
  });

  it('adds nothing for a turn that made no request', () => {
    const t = fold([{ type: 'turn_started', turnId: 'a' }, { type: 'turn_completed', turnId: 'a', summary: null }]);
    expect(t.items).toEqual([]);
  });
});
