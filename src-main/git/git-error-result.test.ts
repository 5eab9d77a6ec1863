/** Git failures reach the API as codes a client can act on, each from a real failure in a temp repository. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGit } from './git';
import { answeringGitFailures, gitFailureResult } from './git-error-result';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';

async function answer(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => 'succeeded', (error: unknown) => gitFailureResult(error));
}

describe('git failures as API errors', () => {
  let dir: string;
  let repo: string;
  beforeEach(() => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'a.txt': 'a\n' });
  });
  afterEach(() => removeTempDir(dir));

  it('names the code and keeps the hint with git\'s words', async () => {
    mkdirSync(join(dir, 'plain'));
    expect(await answer(runGit(join(dir, 'plain'), ['rev-parse', 'HEAD']))).toEqual({
      ok: false,
      error: { code: 'not_a_git_repo', message: expect.stringMatching(/is not a git repository with a checkout\. Choose a repository folder\. \(git rev-parse HEAD exited with code 128/) },
    });
    writeFileSync(join(repo, '.git', 'index.lock'), '');
    writeFiles(repo, { 'a.txt': 'changed\n' });
    expect(await answer(runGit(repo, ['add', 'a.txt']))).toEqual({ ok: false, error: { code: 'invalid_state', message: expect.stringContaining('index.lock exists') } });
    expect(await answer(runGit(repo, ['log', 'no-such-branch']))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await answer(runGit(join(dir, 'gone'), ['status']))).toMatchObject({ ok: false, error: { code: 'path_not_found' } });
    const controller = new AbortController();
    controller.abort();
    expect(await answer(runGit(repo, ['status'], { signal: controller.signal }))).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('files in the way and conflicts', async () => {
    git(repo, ['checkout', '--quiet', '-b', 'other']);
    writeFiles(repo, { 'a.txt': 'other\n', 'b.txt': 'b\n' });
    git(repo, ['add', '--all']);
    git(repo, ['commit', '--quiet', '-m', 'other']);
    git(repo, ['checkout', '--quiet', 'main']);
    writeFiles(repo, { 'b.txt': 'mine\n' });
    expect(await answer(runGit(repo, ['merge', '--ff-only', 'other']))).toMatchObject({ ok: false, error: { code: 'worktree_dirty' } });
    writeFiles(repo, { 'a.txt': 'main\n' });
    git(repo, ['commit', '--quiet', '-am', 'main']);
    git(repo, ['clean', '--quiet', '--force']);
    const env = { GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@a.invalid', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@a.invalid' };
    expect(await answer(runGit(repo, ['merge', '--no-edit', 'other'], { env }))).toMatchObject({ ok: false, error: { code: 'merge_conflict' } });
  });

  it('handlers answer git failures and let other errors through', async () => {
    const handlers = answeringGitFailures({
      gitFails: async () => (await runGit(repo, ['log', 'no-such-branch']), { ok: true as const, value: null }),
      bug: async (): Promise<{ ok: true; value: null }> => {
        throw new TypeError('a bug');
      },
    });
    expect(await handlers.gitFails()).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await expect(handlers.bug()).rejects.toThrow('a bug');
    expect(gitFailureResult(new Error('not git'))).toBeNull();
  });
});
