/**
 * Threads of a task started on a detached HEAD: their base is the commit itself. They merge (onto
 * a branch of their own, moving the user's detached checkout along when it can) and a thread with
 * no changes is discarded without force, as for a branch base.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotCommit } from './checkpoint-snapshot';
import { discardThreadWork } from './discard';
import { conflictMatrix } from './merge-matrix';
import { mergeBaseIntoWorktree } from './merge-resolve';
import { landingBranch } from './merge-target';
import { commitThreadWork, mergedRef, runTrain } from './merge-train';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';
import { createWorktree } from './worktree';

describe('a task started on a detached HEAD', () => {
  let dir: string;
  let repo: string;
  let start: string;
  const wt = (id: string): string => join(dir, `wt-${id}`);
  const target = (id: string, baseBranch = start): Parameters<typeof discardThreadWork>[0] => ({
    threadId: `t_${id}`, repo, worktree: wt(id), branch: `flotilla/${id}`, baseBranch,
  });
  const merge = async (id: string): Promise<Awaited<ReturnType<typeof runTrain>>> => {
    const head = await commitThreadWork(wt(id), `flotilla/${id}`, `Task ${id}`);
    return runTrain(repo, start, [{ id: `t_${id}`, head, message: `Squashed ${id}` }], 'squash');
  };

  beforeEach(async () => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'shared.txt': 'base\n' });
    git(repo, ['checkout', '--quiet', '--detach']);
    start = git(repo, ['rev-parse', 'HEAD']).trim();
    for (const id of ['a', 'b']) await createWorktree(repo, wt(id), `flotilla/${id}`, start);
  });
  afterEach(() => removeTempDir(dir));

  it('discards a thread with no changes without force, for a commit base and for a branch base', async () => {
    expect(await discardThreadWork(target('a'), false)).toEqual({ removed: true, keptRef: null });
    expect(await discardThreadWork(target('b', 'main'), false)).toEqual({ removed: true, keptRef: null });
  });

  it('still refuses to discard a thread with work, without force', async () => {
    writeFiles(wt('a'), { 'a.txt': 'work\n' });
    expect(await discardThreadWork(target('a'), false)).toEqual({ removed: false, reason: 'unmerged_work' });
  });

  it('merges onto a new branch and fast-forwards the clean detached checkout; threads pile up', async () => {
    writeFiles(wt('a'), { 'a.txt': 'a\n' });
    writeFiles(wt('b'), { 'b.txt': 'b\n' });
    const matrix = await conflictMatrix(repo, start, [{ id: 't_a', commit: (await snapshotCommit(wt('a'), 'check')).commit }]);
    expect(matrix.againstBase).toEqual([{ threadId: 't_a', conflicts: [] }]);

    const first = await merge('a');
    const branch = landingBranch(start);
    expect(first.stopped).toBeNull();
    expect(first.landedOn).toEqual({ branch, note: expect.stringContaining('fast-forwarded') });
    const tip = git(repo, ['rev-parse', branch]).trim();
    expect(git(repo, ['rev-parse', 'HEAD']).trim()).toBe(tip);
    expect(() => git(repo, ['symbolic-ref', '-q', 'HEAD'])).toThrow();
    expect(git(repo, ['show', 'HEAD:a.txt'])).toBe('a\n');
    expect(git(repo, ['rev-parse', mergedRef('t_a')]).trim()).toBe(tip);
    expect(git(repo, ['rev-parse', 'main']).trim()).toBe(start);

    const second = await merge('b');
    expect(second.landedOn?.branch).toBe(branch);
    expect(git(repo, ['show', `${branch}:a.txt`])).toBe('a\n');
    expect(git(repo, ['show', `${branch}:b.txt`])).toBe('b\n');
    expect(git(repo, ['rev-parse', 'HEAD']).trim()).toBe(git(repo, ['rev-parse', branch]).trim());

    expect(await discardThreadWork(target('a'), false)).toEqual({ removed: true, keptRef: null });
    expect(await discardThreadWork(target('b'), false)).toEqual({ removed: true, keptRef: null });
  });

  it('leaves a checkout that moved away or has changes, and says where the work is', async () => {
    writeFiles(wt('a'), { 'a.txt': 'a\n' });
    writeFiles(repo, { 'shared.txt': 'user edit, not committed\n' });
    const dirty = await merge('a');
    expect(dirty.landedOn?.note).toMatch(/uncommitted changes, so it was left there/);
    expect(git(repo, ['rev-parse', 'HEAD']).trim()).toBe(start);
    git(repo, ['checkout', '--quiet', '--', 'shared.txt']);
    git(repo, ['checkout', '--quiet', 'main']);
    writeFiles(wt('b'), { 'b.txt': 'b\n' });
    const moved = await merge('b');
    expect(moved.landedOn?.note).toMatch(/no longer detached at .*left as it is/);
    expect(git(repo, ['symbolic-ref', '--short', 'HEAD']).trim()).toBe('main');
    expect(git(repo, ['show', `${landingBranch(start)}:b.txt`])).toBe('b\n');
  });

  it('hands a conflict with what was merged onto the commit to the agent', async () => {
    writeFiles(wt('a'), { 'shared.txt': 'from a\n' });
    writeFiles(wt('b'), { 'shared.txt': 'from b\n' });
    await merge('a');
    const head = await commitThreadWork(wt('b'), 'flotilla/b', 'Task b');
    const stopped = await runTrain(repo, start, [{ id: 't_b', head, message: 'b' }], 'squash');
    expect(stopped.stopped).toEqual({ threadId: 't_b', conflicts: ['shared.txt'] });
    expect(await mergeBaseIntoWorktree(wt('b'), 'flotilla/b', start, 'Task b')).toEqual(['shared.txt']);
  });
});
