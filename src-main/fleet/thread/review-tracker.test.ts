import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ThreadEvent, ThreadEventMsg } from '../../../src-shared/protocol/thread-events';
import { DIFF_STAT_DEBOUNCE_MS, lastTurnSummary, ReviewTracker } from './review-tracker';

const event = (seq: number, msg: ThreadEventMsg): ThreadEvent => ({ threadId: 't', seq, ts: seq, msg });
const patchDone: ThreadEventMsg = {
  type: 'item_completed', turnId: 'u', item: { type: 'patch', id: 'p', patch: '', changes: [], error: null, status: 'completed' },
};

describe('ReviewTracker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function tracker(events: ThreadEvent[] = []) {
    const hooks = { checkpoint: vi.fn(async () => undefined), refreshDiffStat: vi.fn(), track: vi.fn(), warn: vi.fn() };
    return { hooks, tracker: new ReviewTracker(events, hooks) };
  }

  it('re-measures once after a burst of edits', () => {
    const { hooks, tracker: t } = tracker();
    for (let i = 0; i < 5; i += 1) t.onAgentMsg(patchDone);
    expect(hooks.refreshDiffStat).not.toHaveBeenCalled();
    vi.advanceTimersByTime(DIFF_STAT_DEBOUNCE_MS);
    expect(hooks.refreshDiffStat).toHaveBeenCalledTimes(1);
    t.onAgentMsg(patchDone);
    t.dispose();
    vi.advanceTimersByTime(DIFF_STAT_DEBOUNCE_MS);
    expect(hooks.refreshDiffStat).toHaveBeenCalledTimes(1);
  });

  it("re-measures when the agent reports that its turn's diff moved", () => {
    const { hooks, tracker: t } = tracker();
    t.onAgentMsg({ type: 'turn_diff_updated', turnId: 'u' });
    vi.advanceTimersByTime(DIFF_STAT_DEBOUNCE_MS);
    expect(hooks.refreshDiffStat).toHaveBeenCalledTimes(1);
  });

  it('checkpoints each turn end with turns counted across a restart', () => {
    const { hooks, tracker: t } = tracker([event(1, { type: 'turn_started', turnId: 'a' }), event(2, { type: 'turn_started', turnId: 'b' })]);
    t.onAgentMsg({ type: 'turn_started', turnId: 'c' });
    t.onAgentMsg({ type: 'turn_completed', turnId: 'c', summary: null });
    expect(hooks.checkpoint).toHaveBeenCalledWith(3);
    expect(hooks.track).toHaveBeenCalledTimes(1);
  });

  it('finds the latest turn summary', () => {
    expect(lastTurnSummary([
      event(1, { type: 'turn_completed', turnId: 'a', summary: 'first' }),
      event(2, { type: 'turn_completed', turnId: 'b', summary: null }),
    ])).toBe('first');
    expect(lastTurnSummary([])).toBeNull();
  });
});
