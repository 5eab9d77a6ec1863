/** The caller's AbortSignal reaches every git process of the read-only operations. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpoint, listCheckpoints } from './checkpoint';
import { snapshotCommit } from './checkpoint-snapshot';
import { threadDiff, turnDiff } from './diff';
import { worktreeDiffStat } from './diff-stat';
import { GitError } from './git';
import { conflictMatrix } from './merge-matrix';
import { commitThreadWork } from './merge-train';
import { inspectRepo } from './repo';
import { installSlowFilter } from './test-support/slow-filter';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';
import { createWorktree } from './worktree';

describe('cancelling git work', () => {
  let dir: string;
  let repo: string;
  let wt: string;
  beforeEach(async () => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'a.txt': 'a\n' });
    wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/x', 'main');
    writeFiles(wt, { 'a.txt': 'changed\n', 'new.txt': 'new\n' });
  });
  afterEach(() => removeTempDir(dir));

  /** Starts the operation, aborts while its first git call is on its way, expects a cancellation. */
  async function cancelled(start: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
    const controller = new AbortController();
    const running = start(controller.signal);
    controller.abort();
    const error = await running.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).kind).toBe('cancelled');
  }

  it('stops diffs, diff stats, snapshots, checkpoints, the conflict matrix and repository inspection', async () => {
    const commit = (await snapshotCommit(wt, 'check')).commit;
    await createCheckpoint(wt, 't_x', 1);
    await cancelled((signal) => threadDiff(wt, 'main', signal));
    await cancelled((signal) => turnDiff(repo, 't_x', 1, signal));
    await cancelled((signal) => worktreeDiffStat(wt, 'main', signal));
    await cancelled((signal) => snapshotCommit(wt, 'x', signal));
    await cancelled((signal) => listCheckpoints(repo, 't_x', signal));
    await cancelled((signal) => conflictMatrix(repo, 'main', [{ id: 't_x', commit }], signal));
    await cancelled((signal) => inspectRepo(repo, signal));
    await cancelled((signal) => createCheckpoint(wt, 't_x', 2, signal));
    // A cancelled checkpoint moved no ref.
    expect(git(repo, ['for-each-ref', '--format=%(refname)', 'refs/flotilla/t_x/'])).toBe('refs/flotilla/t_x/1\n');
  });

  it('stops a long git call at once; the thread branch, the index and the refs are as they were', async () => {
    const filter = installSlowFilter(repo, wt, dir);
    try {
      const refs = git(repo, ['for-each-ref']);
      const status = git(wt, ['status', '--porcelain']);
      const controller = new AbortController();
      const running = commitThreadWork(wt, 'flotilla/x', 'work', controller.signal).then(() => null, (e: unknown) => e);
      await filter.started();
      controller.abort();
      // Returns while the filter still holds git's child: the abort ended the call, not the filter.
      expect(await running).toMatchObject({ kind: 'cancelled' });
      expect(git(repo, ['for-each-ref'])).toBe(refs);
      expect(git(wt, ['status', '--porcelain'])).toBe(status);
    } finally {
      filter.release();
    }
  });
});
