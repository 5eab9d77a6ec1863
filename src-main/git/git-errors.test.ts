import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitError, runGit } from './git';
import { updateRef } from './refs';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';

async function failure(promise: Promise<unknown>): Promise<GitError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GitError);
  return error as GitError;
}

describe('git failures, classified at the chokepoint', () => {
  let dir: string;
  let repo: string;
  beforeEach(() => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'a.txt': 'a\n' });
  });
  afterEach(() => removeTempDir(dir));

  it('not a repository', async () => {
    mkdirSync(join(dir, 'plain'));
    const error = await failure(runGit(join(dir, 'plain'), ['rev-parse', 'HEAD']));
    expect(error).toMatchObject({ kind: 'not_a_repository', exitCode: 128 });
    expect(error.message).toMatch(/is not a git repository with a checkout\. Choose a repository folder\./);
  });

  it('an index.lock held by another process names the lock file', async () => {
    writeFileSync(join(repo, '.git', 'index.lock'), '');
    writeFiles(repo, { 'a.txt': 'changed\n' });
    const error = await failure(runGit(repo, ['add', 'a.txt']));
    expect(error.kind).toBe('index_locked');
    expect(error.hint).toContain(join(repo, '.git', 'index.lock'));
  });

  it('a ref that moved under us', async () => {
    const error = await failure(updateRef(repo, 'refs/heads/main', 'HEAD', { message: 't', expected: '1'.repeat(40) }));
    expect(error.kind).toBe('ref_conflict');
    expect(error.hint).toMatch(/refs\/heads\/main was changed or locked by someone else/);
  });

  it('untracked files in the way of a fast-forward', async () => {
    git(repo, ['checkout', '--quiet', '-b', 'ahead']);
    writeFiles(repo, { 'b.txt': 'b\n' });
    git(repo, ['add', 'b.txt']);
    git(repo, ['commit', '--quiet', '-m', 'b']);
    git(repo, ['checkout', '--quiet', 'main']);
    writeFiles(repo, { 'b.txt': 'mine\n' });
    expect((await failure(runGit(repo, ['merge', '--ff-only', 'ahead']))).kind).toBe('would_overwrite');
  });

  it('a merge conflict, which git reports on stdout', async () => {
    git(repo, ['checkout', '--quiet', '-b', 'other']);
    writeFiles(repo, { 'a.txt': 'other\n' });
    git(repo, ['commit', '--quiet', '-am', 'other']);
    git(repo, ['checkout', '--quiet', 'main']);
    writeFiles(repo, { 'a.txt': 'main\n' });
    git(repo, ['commit', '--quiet', '-am', 'main']);
    const env = { GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@a.invalid', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@a.invalid' };
    expect((await failure(runGit(repo, ['merge', '--no-edit', 'other'], { env }))).kind).toBe('merge_conflict');
  });

  it('an unknown revision', async () => {
    expect((await failure(runGit(repo, ['log', 'no-such-branch']))).kind).toBe('unknown_revision');
  });

  // Needs root to hand the folder to another user.
  it.skipIf(process.getuid?.() !== 0)('a repository owned by another user', async () => {
    chownSync(repo, 65534, 65534);
    chownSync(join(repo, '.git'), 65534, 65534);
    const error = await failure(runGit(repo, ['status']));
    expect(error.kind).toBe('dubious_ownership');
    expect(error.hint).toContain(`safe.directory ${repo}`);
  });

  it('a repository the user may not write', async () => {
    const objects = join(repo, '.git', 'objects');
    // Root ignores file modes, so as root the folder is made immutable instead.
    const asRoot = process.getuid?.() === 0;
    const lock = (on: boolean): void => {
      if (asRoot) execFileSync('chattr', [on ? '+i' : '-i', objects]);
      else chmodSync(objects, on ? 0o555 : 0o755);
    };
    writeFiles(repo, { 'a.txt': 'changed\n' });
    lock(true);
    try {
      const error = await failure(runGit(repo, ['add', 'a.txt']));
      expect(error.kind).toBe('permission_denied');
      expect(error.hint).toMatch(/owns the repository/);
    } finally {
      lock(false);
    }
  });

  it('a missing folder and a cancelled call', async () => {
    expect((await failure(runGit(join(dir, 'gone'), ['status']))).kind).toBe('missing_folder');
    const controller = new AbortController();
    controller.abort();
    expect((await failure(runGit(repo, ['status'], { signal: controller.signal }))).kind).toBe('cancelled');
  });

  it('anything else keeps git\'s own words', async () => {
    const error = await failure(runGit(repo, ['config', '--no-such-option']));
    expect(error).toMatchObject({ kind: 'failed', hint: null });
    expect(error.message).toMatch(/^git config --no-such-option exited with code/);
  });
});
