/** Builders for tests: a thread summary and thread events with sensible defaults. */
import { NEW_THREAD_DEFAULTS, type ThreadSummary } from '../../src-shared/domain/thread';
import type { ThreadEvent, ThreadEventMsg } from '../../src-shared/protocol/thread-events';

export function summary(overrides: Partial<ThreadSummary> = {}): ThreadSummary {
  return {
    ...NEW_THREAD_DEFAULTS,
    id: 't1',
    taskId: 'task1',
    agentIndex: 1,
    repoPath: '/repo',
    baseBranch: 'main',
    branch: 'flotilla/task-t1',
    worktreePath: '/data/worktrees/repo/t1',
    prompt: 'Do the thing',
    status: 'working',
    activity: 'Thinking',
    createdAt: 1000,
    finishedAt: null,
    usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 },
    diffStat: null,
    providerLabel: 'demo',
    demo: true,
    error: null,
    lastSeq: 0,
    ...overrides,
  };
}

export function event(threadId: string, seq: number, msg: ThreadEventMsg): ThreadEvent {
  return { threadId, seq, ts: seq, msg };
}

export function textStart(threadId: string, seq: number, itemId: string): ThreadEvent {
  return event(threadId, seq, {
    type: 'item_started',
    turnId: 'turn1',
    item: { type: 'assistant_message', id: itemId, text: '' },
  });
}

export function textDelta(threadId: string, seq: number, itemId: string, delta: string): ThreadEvent {
  return event(threadId, seq, { type: 'item_delta', turnId: 'turn1', itemId, stream: 'text', delta });
}

export function created(threadId: string, seq = 1): ThreadEvent {
  return event(threadId, seq, { type: 'thread_created', thread: summary({ id: threadId }) });
}
