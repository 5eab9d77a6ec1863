import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { worktreeDiffStat } from './diff-stat';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';
import { createWorktree } from './worktree';

describe('worktreeDiffStat', () => {
  let dir: string;
  let repo: string;
  let base: string;
  let worktree: string;
  beforeEach(async () => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), {
      'keep.txt': 'one\ntwo\nthree\n',
      'delete-me.txt': 'a\nb\n',
      'commit-me.txt': 'x\n',
      '.gitignore': 'ignored/\n',
    });
    base = git(repo, ['rev-parse', 'HEAD']).trim();
    worktree = join(dir, 'wt');
    await createWorktree(repo, worktree, 'flotilla/stat-1', base);
  });
  afterEach(() => removeTempDir(dir));

  it('is zero for an untouched worktree', async () => {
    expect(await worktreeDiffStat(worktree, base)).toEqual({ files: 0, additions: 0, deletions: 0 });
  });

  it('counts committed, modified, deleted and untracked changes', async () => {
    writeFiles(worktree, { 'commit-me.txt': 'x\ny\nz\n' }); // +2 committed
    git(worktree, ['commit', '--quiet', '-am', 'agent commit']);
    writeFiles(worktree, { 'keep.txt': 'one\nTWO\nthree\n' }); // +1 -1 unstaged
    writeFiles(worktree, { 'staged.txt': 'n\n' }); // +1 staged new file
    git(worktree, ['add', 'staged.txt']);
    rmSync(join(worktree, 'delete-me.txt')); // -2 deleted
    writeFiles(worktree, {
      'new/untracked.txt': 'l1\nl2\nl3', // +3, no trailing newline
      'ignored/build.log': 'not counted\n',
      'image.bin': Buffer.from([0x89, 0x50, 0x00, 0x01, 0x0a]), // untracked binary: 1 file, 0 lines
    });
    expect(await worktreeDiffStat(worktree, base)).toEqual({ files: 6, additions: 7, deletions: 3 });
  });

  it('counts a committed binary file as one file with no lines', async () => {
    writeFiles(worktree, { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0a]) });
    git(worktree, ['add', 'logo.png']);
    git(worktree, ['commit', '--quiet', '-m', 'binary']);
    expect(await worktreeDiffStat(worktree, base)).toEqual({ files: 1, additions: 0, deletions: 0 });
  });

  it('measures against the merge-base when the base branch moved on', async () => {
    writeFiles(repo, { 'keep.txt': 'changed upstream\n' });
    git(repo, ['commit', '--quiet', '-am', 'upstream']);
    const movedBase = git(repo, ['rev-parse', 'HEAD']).trim();
    writeFiles(worktree, { 'mine.txt': 'mine\n' });
    expect(await worktreeDiffStat(worktree, movedBase)).toEqual({ files: 1, additions: 1, deletions: 0 });
  });
});
