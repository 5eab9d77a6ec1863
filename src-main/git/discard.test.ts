import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discardThreadWork, discardedRef } from './discard';
import { mergeBaseIntoWorktree } from './merge-resolve';
import { commitThreadWork, filesWithMarkers, runTrain } from './merge-train';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';
import { createWorktree } from './worktree';

describe('discard and resolve', () => {
  let dir: string;
  let repo: string;
  let wt: string;
  const target = (): Parameters<typeof discardThreadWork>[0] => ({
    threadId: 't_x', repo, worktree: wt, branch: 'flotilla/x', baseBranch: 'main',
  });
  beforeEach(async () => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'shared.txt': 'base\n' });
    wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/x', 'main');
  });
  afterEach(() => removeTempDir(dir));

  it('refuses to discard unmerged (even untracked) work without force', async () => {
    writeFiles(wt, { 'new.txt': 'precious\n' });
    expect(await discardThreadWork(target(), false)).toEqual({ removed: false, reason: 'unmerged_work' });
    expect(readFileSync(join(wt, 'new.txt'), 'utf8')).toBe('precious\n');
    git(repo, ['rev-parse', '--verify', 'flotilla/x']);
  });

  it('with force keeps the work under a recoverable ref', async () => {
    writeFiles(wt, { 'new.txt': 'precious\n' });
    expect(await discardThreadWork(target(), true)).toEqual({ removed: true, keptRef: discardedRef('t_x') });
    expect(existsSync(wt)).toBe(false);
    expect(() => git(repo, ['rev-parse', '--verify', 'refs/heads/flotilla/x'])).toThrow();
    expect(git(repo, ['show', `${discardedRef('t_x')}:new.txt`])).toBe('precious\n');
    git(repo, ['fsck', '--no-progress']);
  });

  it('discards merged (squashed) work without asking, even after the base moved on', async () => {
    writeFiles(wt, { 'new.txt': 'done\n' });
    const head = await commitThreadWork(wt, 'flotilla/x', 'Task x');
    await runTrain(repo, 'main', [{ id: 't_x', head, message: 'Task x' }], 'squash');
    // The base moves on and changes the same file: the squashed work still counts as merged.
    writeFiles(repo, { 'new.txt': 'done, then changed\n' });
    git(repo, ['commit', '--quiet', '-am', 'later']);
    expect(await discardThreadWork(target(), false)).toEqual({ removed: true, keptRef: null });
    expect(existsSync(wt)).toBe(false);
  });

  it('merges the base into the worktree with markers, then merges cleanly once resolved', async () => {
    writeFiles(wt, { 'shared.txt': 'thread\n' });
    writeFiles(repo, { 'shared.txt': 'upstream\n' });
    git(repo, ['commit', '--quiet', '-am', 'upstream']);
    const conflicts = await mergeBaseIntoWorktree(wt, 'flotilla/x', 'main', 'Task x');
    expect(conflicts).toEqual(['shared.txt']);
    expect(readFileSync(join(wt, 'shared.txt'), 'utf8')).toContain('<<<<<<<');
    expect(await filesWithMarkers(wt)).toEqual(['shared.txt']);
    writeFiles(wt, { 'shared.txt': 'upstream and thread\n' });
    expect(await filesWithMarkers(wt)).toEqual([]);
    const head = await commitThreadWork(wt, 'flotilla/x', 'Task x');
    expect(git(repo, ['log', '-1', '--format=%P', head]).trim().split(' ')).toHaveLength(2);
    expect(git(wt, ['status', '--porcelain'])).toBe('');
    // Rebase too: the merge commit from resolving leaves no linear history, so it lands as one commit.
    const report = await runTrain(repo, 'main', [{ id: 't_x', head, message: 'Task x' }], 'rebase');
    expect(report.stopped).toBeNull();
    expect(git(repo, ['show', 'main:shared.txt'])).toBe('upstream and thread\n');
    expect(git(repo, ['log', '-1', '--format=%s|%P', 'main']).trim().split('|')[1]!.split(' ')).toHaveLength(1);
  });
});
