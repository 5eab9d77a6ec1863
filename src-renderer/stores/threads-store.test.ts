import { describe, expect, it } from 'vitest';
import { summary } from '../test-support/fixtures';
import { groupTasks, mergeSummaries, replaceSummaries } from './threads-store';

const empty = { byId: {}, tasks: [] };

describe('threads store', () => {
  it('groups threads by task, newest task first, agents in order', () => {
    const byId = {
      a2: summary({ id: 'a2', taskId: 'A', agentIndex: 2, createdAt: 10 }),
      a1: summary({ id: 'a1', taskId: 'A', agentIndex: 1, createdAt: 10 }),
      b1: summary({ id: 'b1', taskId: 'B', agentIndex: 1, createdAt: 20 }),
    };
    expect(groupTasks(byId).map((t) => [t.taskId, t.threadIds])).toEqual([
      ['B', ['b1']],
      ['A', ['a1', 'a2']],
    ]);
  });

  it('groups tasks by host (this machine first) and repository, newest first within each', () => {
    const byId = {
      r1: summary({ id: 'r1@box', taskId: 'R@box', host: 'box', repoPath: '/srv/app', createdAt: 50 }),
      l1: summary({ id: 'l1', taskId: 'L', repoPath: '/home/me/web', createdAt: 10 }),
      l2: summary({ id: 'l2', taskId: 'M', repoPath: '/home/me/api', createdAt: 5 }),
      l3: summary({ id: 'l3', taskId: 'N', repoPath: '/home/me/web', createdAt: 30 }),
    };
    expect(groupTasks(byId).map((t) => [t.host ?? 'here', t.repoPath, t.taskId])).toEqual([
      ['here', '/home/me/api', 'M'],
      ['here', '/home/me/web', 'N'],
      ['here', '/home/me/web', 'L'],
      ['box', '/srv/app', 'R@box'],
    ]);
  });

  it('replaces only changed summaries and keeps the layout when no thread was added', () => {
    const first = mergeSummaries(empty, [summary({ id: 'x' }), summary({ id: 'y', agentIndex: 2 })])!;
    const next = mergeSummaries(first, [summary({ id: 'x', activity: 'Running tests', lastSeq: 5 })])!;
    expect(next.byId.x?.activity).toBe('Running tests');
    expect(next.byId.y).toBe(first.byId.y);
    expect(next.tasks).toBe(first.tasks);
  });

  it('ignores stale summaries and reports no change', () => {
    const first = mergeSummaries(empty, [summary({ id: 'x', lastSeq: 9, activity: 'new' })])!;
    expect(mergeSummaries(first, [summary({ id: 'x', lastSeq: 3, activity: 'old' })])).toBeNull();
  });

  it('a full list drops vanished threads but never goes back in time', () => {
    const first = mergeSummaries(empty, [summary({ id: 'x', lastSeq: 9 }), summary({ id: 'gone' })])!;
    const next = replaceSummaries(first, [summary({ id: 'x', lastSeq: 4 })]);
    expect(Object.keys(next.byId)).toEqual(['x']);
    expect(next.byId.x?.lastSeq).toBe(9);
  });
});
