/**
 * A failed or killed merge never marks work merged: merged refs are written only after the base
 * moved, and discard judges "in the base" from the repository as it is, not from what a merge
 * once recorded.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discardThreadWork } from './discard';
import { BaseCheckoutError } from './merge';
import { commitThreadWork, mergedRef, runTrain } from './merge-train';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';
import { createWorktree } from './worktree';

const hasRef = (repo: string, ref: string): boolean => {
  try {
    git(repo, ['rev-parse', '--verify', '--quiet', ref]);
    return true;
  } catch {
    return false;
  }
};

describe('merged refs and discard', () => {
  let dir: string;
  let repo: string;
  let wt: string;
  const target = (): Parameters<typeof discardThreadWork>[0] => ({ threadId: 't_x', repo, worktree: wt, branch: 'flotilla/x', baseBranch: 'main' });
  const train = async (): Promise<string> => {
    const head = await commitThreadWork(wt, 'flotilla/x', 'Task x');
    await runTrain(repo, 'main', [{ id: 't_x', head, message: 'Squashed: task x' }], 'squash');
    return head;
  };

  beforeEach(async () => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'shared.txt': 'base\n', 'README.md': '# r\n' });
    wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/x', 'main');
    writeFiles(wt, { 'new.txt': 'precious\n' });
  });
  afterEach(() => removeTempDir(dir));

  it('a base checkout with uncommitted changes: nothing merged, no merged ref, discard refuses', async () => {
    writeFiles(repo, { 'README.md': '# edited, not committed\n' });
    const main = git(repo, ['rev-parse', 'main']).trim();
    await expect(train()).rejects.toBeInstanceOf(BaseCheckoutError);
    expect(git(repo, ['rev-parse', 'main']).trim()).toBe(main);
    expect(hasRef(repo, mergedRef('t_x'))).toBe(false);
    expect(await discardThreadWork(target(), false)).toEqual({ removed: false, reason: 'unmerged_work' });
    expect(git(repo, ['show', 'flotilla/x:new.txt'])).toBe('precious\n');
  });

  it('a --ff-only failure (an untracked file in the way): nothing merged, no merged ref, discard refuses', async () => {
    writeFiles(repo, { 'new.txt': 'the user\'s own, untracked\n' });
    const main = git(repo, ['rev-parse', 'main']).trim();
    await expect(train()).rejects.toThrow(/nothing was merged/);
    expect(git(repo, ['rev-parse', 'main']).trim()).toBe(main);
    expect(hasRef(repo, mergedRef('t_x'))).toBe(false);
    expect(await discardThreadWork(target(), false)).toEqual({ removed: false, reason: 'unmerged_work' });
  });

  it('records the result commit in the base, not the thread head', async () => {
    const head = await train();
    const recorded = git(repo, ['rev-parse', mergedRef('t_x')]).trim();
    expect(recorded).toBe(git(repo, ['rev-parse', 'main']).trim());
    expect(recorded).not.toBe(head);
  });

  it('a merged ref whose result never reached the base (killed before the base moved) does not count', async () => {
    // What the old order left after a kill between writing the ref and moving the base.
    const head = await commitThreadWork(wt, 'flotilla/x', 'Task x');
    const squash = git(repo, ['commit-tree', `${head}^{tree}`, '-p', 'main', '-m', 'Task x']).trim();
    git(repo, ['update-ref', mergedRef('t_x'), squash]);
    expect(await discardThreadWork(target(), false)).toEqual({ removed: false, reason: 'unmerged_work' });
    // The old record (the thread head) does not count either.
    git(repo, ['update-ref', mergedRef('t_x'), head]);
    expect(await discardThreadWork(target(), false)).toEqual({ removed: false, reason: 'unmerged_work' });
  });

  it('a base reset back after the merge is noticed', async () => {
    const before = git(repo, ['rev-parse', 'main']).trim();
    await train();
    git(repo, ['reset', '--quiet', '--hard', before]);
    expect(await discardThreadWork(target(), false)).toEqual({ removed: false, reason: 'unmerged_work' });
  });

  it('killed after the base moved but before the merged ref: the work is found in the base', async () => {
    await train();
    git(repo, ['update-ref', '-d', mergedRef('t_x')]);
    expect(await discardThreadWork(target(), false)).toEqual({ removed: true, keptRef: null });
  });

  it('work that changed after it was merged is unmerged again', async () => {
    await train();
    writeFiles(wt, { 'later.txt': 'more work\n' });
    expect(await discardThreadWork(target(), false)).toEqual({ removed: false, reason: 'unmerged_work' });
  });
});
