/**
 * Test support: real git repositories in temp dirs. Uses git directly (not runGit) so the tests
 * of the git layer do not depend on the code under test to set themselves up.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const IDENTITY = ['-c', 'user.name=Flotilla Test', '-c', 'user.email=test@flotilla.invalid', '-c', 'commit.gpgsign=false'];

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A temp dir, realpath'd so it compares equal to what git reports (macOS /tmp is a symlink). */
export function makeTempDir(prefix = 'flotilla-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function removeTempDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A repository on branch `main` with one commit holding `files`. */
export function makeRepo(root: string, files: Record<string, string | Buffer> = { 'README.md': '# demo\n' }): string {
  mkdirSync(root, { recursive: true });
  git(root, ['init', '--quiet', '--initial-branch=main']);
  writeFiles(root, files);
  git(root, ['add', '--all']);
  git(root, ['commit', '--quiet', '-m', 'initial']);
  return root;
}

/** Everything a test needs to prove a repository's checkout was not touched. */
export function repoFingerprint(root: string): { head: string; branch: string; status: string; index: string } {
  return {
    head: git(root, ['rev-parse', 'HEAD']).trim(),
    branch: git(root, ['symbolic-ref', '--short', 'HEAD']).trim(),
    status: git(root, ['status', '--porcelain=v1', '--untracked-files=all']),
    index: git(root, ['ls-files', '--stage']),
  };
}
