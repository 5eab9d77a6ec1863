/** Test support for the fleet: thread summaries and events without ceremony. */
import { NEW_THREAD_DEFAULTS, ZERO_USAGE, type ThreadSummary } from '../../../src-shared/domain/thread';
import type { ThreadEvent, ThreadEventMsg } from '../../../src-shared/protocol/thread-events';

export function sampleSummary(overrides: Partial<ThreadSummary> = {}): ThreadSummary {
  return {
    ...NEW_THREAD_DEFAULTS,
    id: 't_0000abcd',
    taskId: 'task_1',
    agentIndex: 1,
    repoPath: '/repo',
    baseBranch: 'main',
    branch: 'flotilla/demo-0000abcd',
    worktreePath: '/data/worktrees/repo-1/t_0000abcd',
    prompt: 'Do the thing',
    status: 'starting',
    activity: 'Starting…',
    createdAt: 1_000,
    finishedAt: null,
    usage: ZERO_USAGE,
    diffStat: null,
    providerLabel: 'Demo model (scripted)',
    demo: true,
    error: null,
    lastSeq: 0,
    ...overrides,
  };
}

/** Events numbered from 1, one millisecond apart, starting with thread_created. */
export function eventsFor(summary: ThreadSummary, msgs: ThreadEventMsg[]): ThreadEvent[] {
  const all: ThreadEventMsg[] = [{ type: 'thread_created', thread: { ...summary, lastSeq: 1 } }, ...msgs];
  return all.map((msg, i) => ({ threadId: summary.id, seq: i + 1, ts: 2_000 + i, msg }));
}
