import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { branchExists, deleteBranch } from './branch';
import { GitError } from './git';
import { git, makeRepo, makeTempDir, removeTempDir, repoFingerprint, writeFiles } from './test-support/temp-repo';
import { createWorktree, listWorktrees, removeWorktree } from './worktree';

describe('worktrees', () => {
  let dir: string;
  let repo: string;
  beforeEach(() => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'README.md': '# demo\n', 'src/app.ts': 'export {};\n' });
  });
  afterEach(() => removeTempDir(dir));

  it('creates a worktree on a new branch at the base commit, leaving the checkout untouched', async () => {
    // A dirty checkout: staged, unstaged and untracked changes must all survive.
    writeFiles(repo, { 'staged.txt': 'staged\n' });
    git(repo, ['add', 'staged.txt']);
    writeFiles(repo, { 'README.md': '# edited\n', 'untracked.txt': 'u\n' });
    const base = git(repo, ['rev-parse', 'HEAD']).trim();
    const before = repoFingerprint(repo);

    const path = join(dir, 'data', 'worktrees', 'repo-1234', 't_1');
    await createWorktree(repo, path, 'flotilla/demo-1', base);

    expect(repoFingerprint(repo)).toEqual(before);
    expect(readFileSync(join(path, 'src/app.ts'), 'utf8')).toBe('export {};\n');
    expect(existsSync(join(path, 'untracked.txt'))).toBe(false);
    expect(git(path, ['symbolic-ref', '--short', 'HEAD']).trim()).toBe('flotilla/demo-1');
    expect(git(path, ['rev-parse', 'HEAD']).trim()).toBe(base);
    const listed = await listWorktrees(repo);
    expect(listed.map((w) => w.path)).toEqual([repo, path]);
    expect(listed[1]).toMatchObject({ head: base, branch: 'refs/heads/flotilla/demo-1' });
  });

  it('creates many worktrees of one repository in parallel', async () => {
    const base = git(repo, ['rev-parse', 'HEAD']).trim();
    const paths = [1, 2, 3, 4, 5, 6].map((n) => join(dir, 'wt', `t_${n}`));
    await Promise.all(paths.map((path, n) => createWorktree(repo, path, `flotilla/par-${n}`, base)));
    expect((await listWorktrees(repo)).length).toBe(7);
  });

  it('fails with a GitError when the branch already exists', async () => {
    const base = git(repo, ['rev-parse', 'HEAD']).trim();
    await createWorktree(repo, join(dir, 'a'), 'flotilla/same-1', base);
    const error = await createWorktree(repo, join(dir, 'b'), 'flotilla/same-1', base).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).stderr).toMatch(/already exists/);
  });

  it('removes a worktree (forcing when it holds changes) and deletes its branch', async () => {
    const base = git(repo, ['rev-parse', 'HEAD']).trim();
    const path = join(dir, 'wt');
    await createWorktree(repo, path, 'flotilla/rm-1', base);
    writeFiles(path, { 'new.txt': 'work\n' });
    await expect(removeWorktree(repo, path)).rejects.toBeInstanceOf(GitError);
    await removeWorktree(repo, path, { force: true });
    expect(existsSync(path)).toBe(false);
    expect(await branchExists(repo, 'flotilla/rm-1')).toBe(true);
    await deleteBranch(repo, 'flotilla/rm-1');
    expect(await branchExists(repo, 'flotilla/rm-1')).toBe(false);
  });
});

describe('createWorktree when git refuses', () => {
  let dir: string;
  let repo: string;
  beforeEach(() => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'));
  });
  afterEach(() => removeTempDir(dir));

  it('leaves no branch behind when the folder is in the way', async () => {
    const base = git(repo, ['rev-parse', 'HEAD']).trim();
    const path = join(dir, 'busy');
    writeFiles(path, { 'file.txt': 'in the way\n' });
    await expect(createWorktree(repo, path, 'flotilla/busy-1', base)).rejects.toBeInstanceOf(GitError);
    expect(await branchExists(repo, 'flotilla/busy-1')).toBe(false);
    expect(readFileSync(join(path, 'file.txt'), 'utf8')).toBe('in the way\n');
  });

  it('keeps a branch that existed before', async () => {
    const base = git(repo, ['rev-parse', 'HEAD']).trim();
    git(repo, ['branch', 'flotilla/mine-1']);
    await expect(createWorktree(repo, join(dir, 'wt'), 'flotilla/mine-1', base)).rejects.toBeInstanceOf(GitError);
    expect(await branchExists(repo, 'flotilla/mine-1')).toBe(true);
  });
});
