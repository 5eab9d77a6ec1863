import { describe, expect, it } from 'vitest';
import { NO_GRANTS } from '../protocol/sandbox';
import { ThreadSummarySchema } from '../protocol/thread-events';
import { NEW_THREAD_DEFAULTS, ZERO_USAGE, type ThreadSummary } from './thread';

const summary: ThreadSummary = {
  ...NEW_THREAD_DEFAULTS,
  id: 't_1',
  taskId: 'task_1',
  agentIndex: 1,
  repoPath: '/repo',
  baseBranch: 'main',
  branch: 'flotilla/x',
  worktreePath: '/w',
  prompt: 'p',
  status: 'done',
  activity: 'Finished',
  createdAt: 1,
  finishedAt: 2,
  usage: ZERO_USAGE,
  diffStat: null,
  providerLabel: 'Demo',
  demo: true,
  error: null,
  lastSeq: 3,
};

describe('NEW_THREAD_DEFAULTS', () => {
  it('are what the schema fills in for a summary from an older log that lacks those fields', () => {
    const older: Record<string, unknown> = { ...summary };
    for (const key of Object.keys(NEW_THREAD_DEFAULTS)) delete older[key];
    expect(ThreadSummarySchema.parse(older)).toStrictEqual(summary);
    expect(NEW_THREAD_DEFAULTS.sandbox).toStrictEqual(NO_GRANTS);
  });
});
