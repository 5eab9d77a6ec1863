import { describe, expect, it } from 'vitest';
import type { ThreadEventMsg } from '../../../src-shared/protocol/thread-events';
import { reduceSummary, replaySummary } from './summary-reducer';
import { eventsFor, sampleSummary } from '../test-support/samples';

const usage = { inputTokens: 100, cachedInputTokens: 40, outputTokens: 10, reasoningTokens: 5 };

function replay(msgs: ThreadEventMsg[]) {
  const summary = replaySummary(eventsFor(sampleSummary(), msgs));
  if (!summary) throw new Error('no summary');
  return summary;
}

const command = {
  type: 'command' as const, id: 'c1', command: 'npm test\n--watch', cwd: '/w', output: '',
  exitCode: null, durationMs: null, sessionId: null, status: 'in_progress' as const,
};

describe('reduceSummary', () => {
  it('prices usage with the price the thread was created with; no price, no cost', () => {
    const price = { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 };
    const priced = replaySummary(eventsFor({ ...sampleSummary(), price, costUsd: 0 }, [{ type: 'usage', turnId: 'u1', usage }, { type: 'usage', turnId: 'u1', usage }]));
    expect(priced?.costUsd).toBeCloseTo((120 * 2 + 80 * 0.5 + 20 * 8) / 1e6, 12);
    expect(replay([{ type: 'usage', turnId: 'u1', usage }]).costUsd).toBeNull();
  });

  it('starts from thread_created and follows a turn to done, summing usage', () => {
    const states: string[] = [];
    const events = eventsFor(sampleSummary(), [
      { type: 'user_message', text: 'go', delivery: 'new_turn' },
      { type: 'ready', pid: 1, shell: 'bash', sandbox: 'none' },
      { type: 'turn_started', turnId: 'u1' },
      { type: 'item_started', turnId: 'u1', item: { type: 'reasoning', id: 'r', text: '' } },
      { type: 'item_started', turnId: 'u1', item: command },
      { type: 'item_started', turnId: 'u1', item: { type: 'patch', id: 'p', patch: '', changes: [{ path: 'src/a.ts', kind: 'update', movePath: null, additions: 1, deletions: 0 }], error: null, status: 'in_progress' } },
      { type: 'item_started', turnId: 'u1', item: { type: 'assistant_message', id: 'm', text: '' } },
      { type: 'usage', turnId: 'u1', usage },
      { type: 'usage', turnId: 'u1', usage },
      { type: 'turn_completed', turnId: 'u1', summary: null },
    ]);
    let summary = sampleSummary();
    for (const event of events) {
      summary = reduceSummary(summary, event);
      states.push(`${summary.status}:${summary.activity}`);
    }
    expect(states).toEqual([
      'starting:Starting…',
      'starting:Starting…',
      'starting:Starting…',
      'working:Thinking…',
      'working:Thinking…',
      'working:Running: npm test',
      'working:Editing src/a.ts',
      'working:Writing…',
      'working:Writing…',
      'working:Writing…',
      'done:Finished',
    ]);
    expect(summary.usage).toEqual({ inputTokens: 200, cachedInputTokens: 80, outputTokens: 20, reasoningTokens: 10 });
    expect(summary.finishedAt).toBe(events.at(-1)!.ts);
    expect(summary.lastSeq).toBe(events.length);
  });

  it('waits on an approval and resumes when items move again', () => {
    const waiting = replay([
      { type: 'turn_started', turnId: 'u1' },
      { type: 'approval_requested', turnId: 'u1', requestId: 'a1', itemId: 'c1', reason: 'rm -rf build' },
    ]);
    expect(waiting).toMatchObject({ status: 'waiting', activity: 'Waiting for approval: rm -rf build' });
    const resumed = replay([
      { type: 'turn_started', turnId: 'u1' },
      { type: 'approval_requested', turnId: 'u1', requestId: 'a1', itemId: 'c1', reason: 'x' },
      { type: 'item_completed', turnId: 'u1', item: { ...command, status: 'completed', exitCode: 0 } },
    ]);
    expect(resumed.status).toBe('working');
  });

  it('records sandbox grants, which a new worker is built with', () => {
    const grants = { network: true, credentials: ['ssh' as const] };
    expect(replay([{ type: 'sandbox_changed', grants }]).sandbox).toEqual(grants);
  });

  it('holds the pending approval until it is resolved or its turn ends, and follows mode changes', () => {
    const requested = { type: 'approval_requested' as const, turnId: 'u1', requestId: 'a1', itemId: 'c1', reason: 'rm -rf build', kind: 'command' as const };
    const waiting = replay([{ type: 'turn_started', turnId: 'u1' }, requested]);
    expect(waiting.pendingApproval).toEqual({ requestId: 'a1', itemId: 'c1', reason: 'rm -rf build', kind: 'command' });
    const denied = replay([{ type: 'turn_started', turnId: 'u1' }, requested, { type: 'approval_resolved', turnId: 'u1', requestId: 'a1', decision: 'deny' }]);
    expect(denied).toMatchObject({ status: 'working', pendingApproval: null });
    const stale = replay([{ type: 'turn_started', turnId: 'u1' }, requested, { type: 'approval_resolved', turnId: 'u1', requestId: 'other', decision: 'approve' }]);
    expect(stale).toMatchObject({ status: 'waiting', pendingApproval: { requestId: 'a1' } });
    const aborted = replay([{ type: 'turn_started', turnId: 'u1' }, requested, { type: 'turn_aborted', turnId: 'u1', reason: 'interrupted' }]);
    expect(aborted).toMatchObject({ status: 'interrupted', pendingApproval: null });
    expect(replay([{ type: 'approval_mode_changed', mode: 'suggest' }]).approvalMode).toBe('suggest');
  });

  it('fails on a non-retry error but not on a retry', () => {
    const retrying = replay([
      { type: 'turn_started', turnId: 'u1' },
      { type: 'error', code: 'rate_limited', message: 'Slow down', willRetry: true },
    ]);
    expect(retrying).toMatchObject({ status: 'working', activity: 'Retrying: Slow down', error: null });
    const failed = replay([
      { type: 'turn_started', turnId: 'u1' },
      { type: 'error', code: 'auth_failed', message: 'Bad key', willRetry: false },
      { type: 'turn_aborted', turnId: 'u1', reason: 'error' },
    ]);
    expect(failed).toMatchObject({ status: 'failed', activity: 'Failed: Bad key', error: 'Bad key' });
    expect(failed.finishedAt).not.toBeNull();
  });

  it('marks an interrupted turn and a worker that died mid-turn', () => {
    expect(replay([{ type: 'turn_started', turnId: 'u1' }, { type: 'turn_aborted', turnId: 'u1', reason: 'interrupted' }]))
      .toMatchObject({ status: 'interrupted', activity: 'Interrupted' });
    const crashed = replay([{ type: 'turn_started', turnId: 'u1' }, { type: 'worker_exited', code: null, signal: 'SIGKILL' }]);
    expect(crashed).toMatchObject({
      status: 'failed',
      error: 'The agent process exited unexpectedly (signal SIGKILL).',
    });
  });

  it('ignores a worker exit after the turn finished', () => {
    const done = replay([
      { type: 'turn_started', turnId: 'u1' },
      { type: 'turn_completed', turnId: 'u1', summary: 'ok' },
      { type: 'worker_exited', code: 0, signal: null },
    ]);
    expect(done.status).toBe('done');
  });

  it('records merge_state and ignores checkpoint events', () => {
    const s = replay([
      { type: 'turn_started', turnId: 'u1' },
      { type: 'turn_completed', turnId: 'u1', summary: null },
      { type: 'checkpoint', turn: 1, ref: 'refs/flotilla/t/1', commit: 'abc' },
      { type: 'merge_state', mergeState: 'merged' },
    ]);
    expect(s).toMatchObject({ status: 'done', mergeState: 'merged' });
  });

  it('applies status_changed and diff_stat, and reopens a finished thread on a new turn', () => {
    const s = replay([
      { type: 'turn_started', turnId: 'u1' },
      { type: 'turn_completed', turnId: 'u1', summary: null },
      { type: 'diff_stat', diffStat: { files: 2, additions: 5, deletions: 1 } },
      { type: 'user_message', text: 'more', delivery: 'new_turn' },
    ]);
    expect(s).toMatchObject({ status: 'working', finishedAt: null, diffStat: { files: 2, additions: 5, deletions: 1 } });
    const stopped = replay([
      { type: 'turn_started', turnId: 'u1' },
      { type: 'status_changed', status: 'interrupted', activity: 'Stopped', error: null },
    ]);
    expect(stopped).toMatchObject({ status: 'interrupted', activity: 'Stopped' });
    expect(stopped.finishedAt).not.toBeNull();
  });

  it('is pure: the input summary is not modified', () => {
    const before = sampleSummary();
    const copy = structuredClone(before);
    reduceSummary(before, eventsFor(before, [{ type: 'turn_started', turnId: 'u' }])[1]!);
    expect(before).toEqual(copy);
  });

  it('cannot replay a log that does not start with thread_created', () => {
    expect(replaySummary([])).toBeNull();
    expect(replaySummary(eventsFor(sampleSummary(), [{ type: 'turn_started', turnId: 'u' }]).slice(1))).toBeNull();
  });
});
