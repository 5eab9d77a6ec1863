import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitError, runGit } from './git';
import { git, makeRepo, makeTempDir, removeTempDir } from './temp-repo';

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
    // A hook sees the environment git ran with.
    const hook = join(dir, '.git', 'hooks', 'post-commit');
    writeFileSync(hook, `#!/bin/sh\nenv > "${join(dir, 'hook-env.txt')}"\n`);
    chmodSync(hook, 0o755);
    process.env.GIT_FLOTILLA_AMBIENT = 'leaked';
    try {
      const args = ['-c', 'user.name=T', '-c', 'user.email=t@t.invalid', 'commit', '--quiet', '--allow-empty', '-m', 'x'];
      await runGit(dir, args, { env: { GIT_AUTHOR_NAME: 'Env Person' } });
    } finally {
      delete process.env.GIT_FLOTILLA_AMBIENT;
    }
    const env = readFileSync(join(dir, 'hook-env.txt'), 'utf8').split('\n');
    expect(env).toEqual(expect.arrayContaining(['GIT_TERMINAL_PROMPT=0', 'LC_ALL=C', 'LANG=C']));
    expect(env.some((line) => line.startsWith('GIT_FLOTILLA_AMBIENT='))).toBe(false);
    expect(git(dir, ['log', '-1', '--format=%an'])).toBe('Env Person\n');
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
