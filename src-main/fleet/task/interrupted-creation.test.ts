/**
 * The start-up clean-up of a task creation cut short, from its pending record: threads whose
 * logs exist are adopted as they are; a branch with no thread that has moved is kept under a ref.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import { call, waitForThreads } from '../test-support/fleet-test-support';
import { orphanedRef } from './interrupted-creation';
import { pendingDir, recordPendingCreation } from './pending-creation';

const git = (cwd: string, args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('cleaning up an interrupted task creation', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('adopts the threads that exist, and keeps a moved branch with no thread under a ref', async () => {
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Write docs', agents: 1 });
    const thread = run.threads[0]!;
    await waitForThreads(fleet, (ts) => ts[0]?.status === 'done' && ts[0].diffStat !== null, 'the agent');
    await fleet.dispose();

    // As if Flotilla died after the first thread's log and before the second's: the second's
    // branch exists (someone even committed on it), its worktree was never made.
    const base = git(fx.repo, ['rev-parse', 'HEAD']);
    const branch = 'flotilla/write-docs-0000beef';
    git(fx.repo, ['branch', branch, base]);
    const tree = git(fx.repo, ['write-tree']);
    const moved = git(fx.repo, ['commit-tree', tree, '-p', base, '-m', 'work on the orphan']);
    git(fx.repo, ['update-ref', `refs/heads/${branch}`, moved]);
    const orphan = { threadId: 't_0000beef', branch, path: join(fx.dataDir, 'worktrees', 'never-made') };
    recordPendingCreation(fx.dataDir, {
      taskId: thread.taskId,
      repoPath: fx.repo,
      baseCommit: base,
      worktrees: [{ threadId: thread.id, branch: thread.branch, path: thread.worktreePath }, orphan],
    });

    const next = await fx.openFleet();
    expect((await call(next, 'threads.list', {})).map((t) => t.id)).toEqual([thread.id]);
    expect(existsSync(thread.worktreePath)).toBe(true);
    expect(git(fx.repo, ['branch', '--list', 'flotilla/*', '--format=%(refname:short)'])).toBe(thread.branch);
    expect(git(fx.repo, ['rev-parse', orphanedRef(orphan.threadId)])).toBe(moved);
    expect(readdirSync(pendingDir(fx.dataDir))).toEqual([]);
    expect(fx.logger.lines).toContainEqual(expect.stringContaining(`branch ${branch}, left without a thread`));
  });
});
