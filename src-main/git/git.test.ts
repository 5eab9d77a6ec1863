import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitError, runGit } from './git';
import { git, makeRepo, makeTempDir, removeTempDir } from './test-support/temp-repo';

describe('runGit', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('returns stdout, stderr and the exit code', async () => {
    makeRepo(dir);
    const result = await runGit(dir, ['rev-parse', '--abbrev-ref', 'HEAD']);
    expect(result).toEqual({ stdout: 'main\n', stderr: '', exitCode: 0 });
  });

  it('throws a GitError with args, exit code and stderr on failure', async () => {
    const error = await runGit(dir, ['rev-parse', 'HEAD']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    const gitError = error as GitError;
    expect(gitError.args).toEqual(['rev-parse', 'HEAD']);
    expect(gitError.exitCode).toBe(128);
    expect(gitError.stderr).toMatch(/not a git repository/);
  });

  it('accepts extra success exit codes, even with empty stderr', async () => {
    makeRepo(dir);
    const result = await runGit(dir, ['rev-parse', '--verify', '--quiet', 'no-such-ref'], { successExitCodes: [0, 1] });
    expect(result.exitCode).toBe(1);
    // Without the extra code, the same exit is a failure although git printed nothing.
    await expect(runGit(dir, ['rev-parse', '--verify', '--quiet', 'no-such-ref'])).rejects.toMatchObject({ exitCode: 1 });
  });

  it('forces a non-interactive, neutral environment and passes extra variables', async () => {
    makeRepo(dir);
    // A clean filter (kept on purpose: git-lfs needs them) sees the environment git ran with.
    git(dir, ['config', 'filter.spy.clean', `env > "${join(dir, 'filter-env.txt')}"; cat`]);
    writeFileSync(join(dir, '.gitattributes'), 'spied.txt filter=spy\n');
    writeFileSync(join(dir, 'spied.txt'), 'x\n');
    process.env.GIT_FLOTILLA_AMBIENT = 'leaked';
    try {
      await runGit(dir, ['add', 'spied.txt']);
      const identity = { GIT_AUTHOR_NAME: 'Env Person', GIT_AUTHOR_EMAIL: 'e@e.invalid', GIT_COMMITTER_NAME: 'C', GIT_COMMITTER_EMAIL: 'c@c.invalid' };
      await runGit(dir, ['commit', '--quiet', '--allow-empty', '-m', 'x'], { env: identity });
    } finally {
      delete process.env.GIT_FLOTILLA_AMBIENT;
    }
    const env = readFileSync(join(dir, 'filter-env.txt'), 'utf8').split('\n');
    expect(env).toEqual(expect.arrayContaining(['GIT_TERMINAL_PROMPT=0', 'LC_ALL=C', 'LANG=C']));
    expect(env.some((line) => line.startsWith('GIT_FLOTILLA_AMBIENT='))).toBe(false);
    expect(git(dir, ['log', '-1', '--format=%an'])).toBe('Env Person\n');
  });

  it('never runs hooks, fsmonitor, an external diff or a pager configured in the repository', async () => {
    makeRepo(dir, { 'a.txt': 'one\n' });
    const marker = join(dir, 'ran.txt');
    const spy = join(dir, 'spy.sh');
    writeFileSync(spy, `#!/bin/sh\necho "$0 $*" >> "${marker}"\n`);
    chmodSync(spy, 0o755);
    for (const [key, value] of [['core.fsmonitor', spy], ['diff.external', spy], ['core.pager', spy], ['core.hooksPath', join(dir, 'hooks')]]) {
      git(dir, ['config', key!, value!]);
    }
    mkdirSync(join(dir, 'hooks'));
    for (const hook of ['post-commit', 'pre-commit', 'post-index-change', 'reference-transaction']) {
      writeFileSync(join(dir, 'hooks', hook), `#!/bin/sh\necho ${hook} >> "${marker}"\n`);
      chmodSync(join(dir, 'hooks', hook), 0o755);
    }
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    // The same spy does run for plain git, so the test can see it when it does.
    git(dir, ['status', '--porcelain']);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    const identity = { GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@a.invalid', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@a.invalid' };
    await runGit(dir, ['status', '--porcelain']);
    const diff = await runGit(dir, ['diff']);
    await runGit(dir, ['commit', '--quiet', '-am', 'two'], { env: identity });
    await runGit(dir, ['update-ref', 'refs/flotilla/x', 'HEAD']);
    expect(diff.stdout).toContain('+two');
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses global options from callers: config is the chokepoint\'s alone', async () => {
    makeRepo(dir);
    await expect(runGit(dir, ['-c', 'core.fsmonitor=/bin/true', 'status'])).rejects.toThrow(/git verb first/);
  });

  it('reports a missing folder as a GitError', async () => {
    await expect(runGit(`${dir}/missing`, ['status'])).rejects.toBeInstanceOf(GitError);
  });

  it('stops when the signal aborts', async () => {
    makeRepo(dir);
    const controller = new AbortController();
    controller.abort();
    await expect(runGit(dir, ['status'], { signal: controller.signal })).rejects.toMatchObject({ exitCode: null });
  });
});
