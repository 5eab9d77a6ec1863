import { describe, expect, it } from 'vitest';
import { replaySummary } from './summary-reducer';
import { eventsFor, sampleSummary } from '../test-support/samples';

const working = sampleSummary({ status: 'working', activity: 'Thinking…' });

describe('reduceSummary: pause and the queue', () => {
  it('a paused thread has no finishedAt and stays paused while its turn goes on', () => {
    const s = replaySummary(
      eventsFor(working, [
        { type: 'status_changed', status: 'paused', activity: 'Paused', error: null },
        { type: 'turn_started', turnId: 't2' },
      ]),
    );
    expect(s).toMatchObject({ status: 'paused', activity: 'Paused', finishedAt: null });
  });

  it('counts paused time apart, so the elapsed time can leave it out', () => {
    const pause = { type: 'status_changed', status: 'paused', activity: 'Paused', error: null } as const;
    const resume = { type: 'status_changed', status: 'working', activity: 'Resumed', error: null } as const;
    // ts is 2000 + index: paused at 2001, resumed at 2003, paused again at 2004.
    const events = eventsFor(working, [pause, { type: 'turn_started', turnId: 't2' }, resume, pause]);
    expect(replaySummary(events)).toMatchObject({ status: 'paused', pausedMs: 2, pausedAt: 2004 });
    const ended = replaySummary([...events, { threadId: working.id, seq: 6, ts: 2010, msg: { type: 'turn_completed', turnId: 't2', summary: null } }]);
    expect(ended).toMatchObject({ status: 'done', pausedMs: 8, pausedAt: null, finishedAt: 2010 });
  });

  it('an approval request that crossed the pause leaves the thread paused (resumable), with the request open', () => {
    const request = { type: 'approval_requested', turnId: 't1', requestId: 'r1', itemId: 'c1', reason: 'rm -rf build', kind: 'command' } as const;
    const paused = replaySummary(eventsFor(working, [{ type: 'status_changed', status: 'paused', activity: 'Paused', error: null }, request]));
    expect(paused).toMatchObject({ status: 'paused', activity: 'Paused', pendingApproval: { requestId: 'r1' } });
    // Answered while paused, it stays paused until resumed (the worker holds the call meanwhile).
    const answered = replaySummary(eventsFor(working, [
      { type: 'status_changed', status: 'paused', activity: 'Paused', error: null },
      request,
      { type: 'approval_resolved', turnId: 't1', requestId: 'r1', decision: 'approve' },
    ]));
    expect(answered).toMatchObject({ status: 'paused', pendingApproval: null });
  });

  it('a paused worker that dies fails the thread', () => {
    const s = replaySummary(
      eventsFor(working, [
        { type: 'status_changed', status: 'paused', activity: 'Paused', error: null },
        { type: 'worker_exited', code: null, signal: 'SIGKILL' },
      ]),
    );
    expect(s?.status).toBe('failed');
  });

  it('holds queued messages until delivered or dropped, with their latest text', () => {
    const s = replaySummary(
      eventsFor(working, [
        { type: 'user_message', text: 'one', delivery: 'queue', messageId: 'm_1' },
        { type: 'message_state', messageId: 'm_1', state: 'queued', text: 'one' },
        { type: 'user_message', text: 'two', delivery: 'queue', messageId: 'm_2' },
        { type: 'user_message', text: 'three', delivery: 'queue', messageId: 'm_3' },
        { type: 'message_state', messageId: 'm_2', state: 'edited', text: 'two, edited' },
        { type: 'message_state', messageId: 'm_3', state: 'dropped', text: 'three' },
      ]),
    );
    expect(s?.queue).toEqual([
      { id: 'm_1', text: 'one' },
      { id: 'm_2', text: 'two, edited' },
    ]);
    const after = replaySummary(eventsFor(working, [
      { type: 'user_message', text: 'one', delivery: 'queue', messageId: 'm_1' },
      { type: 'message_state', messageId: 'm_1', state: 'delivered', text: 'one' },
      { type: 'history_appended', items: [{ type: 'user', text: 'one' }] },
    ]));
    expect(after?.queue).toEqual([]);
  });
});
