/**
 * What Flotilla needs to know about a folder the user chose: is it a repository with at least
 * one commit, where is its top level, which branch and commit is checked out.
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/protocol/api';
import type { RepoInfo } from '../../src-shared/domain/thread';
import { GitError, runGit } from './git';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function topLevel(path: string): Promise<Result<string>> {
  try {
    const { stdout } = await runGit(path, ['rev-parse', '--show-toplevel']);
    const root = stdout.trim();
    // Inside a .git folder or a bare repository there is no working tree to branch from.
    if (!root) return fail('not_a_git_repo', notARepoMessage(path));
    return ok(root);
  } catch (error) {
    if (error instanceof GitError && /dubious ownership/i.test(error.stderr)) {
      return fail(
        'not_a_git_repo',
        `${path} belongs to another user, so git refuses to use it. Run \`git config --global --add safe.directory ${path}\` if you trust it.`,
      );
    }
    if (error instanceof GitError && error.exitCode !== null) return fail('not_a_git_repo', notARepoMessage(path));
    throw error;
  }
}

function notARepoMessage(path: string): string {
  return `${path} is not a git repository. Run \`git init\` there, or choose a repository folder.`;
}

/** The checked-out branch, or null on a detached HEAD. */
export async function currentBranch(repoRoot: string): Promise<string | null> {
  const { stdout, exitCode } = await runGit(repoRoot, ['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    successExitCodes: [0, 1],
  });
  return exitCode === 0 ? stdout.trim() : null;
}

/** The commit HEAD points at, or null when the repository has no commits yet. */
export async function headCommit(repoRoot: string): Promise<string | null> {
  const { stdout, exitCode } = await runGit(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], {
    successExitCodes: [0, 1],
  });
  return exitCode === 0 ? stdout.trim() : null;
}

/** People type `~/code/app` into a path field; no shell is there to expand it. */
function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** Resolves a path anywhere inside a repository to the repository's top level. */
export async function inspectRepo(path: string): Promise<Result<RepoInfo>> {
  const absolute = resolve(expandHome(path.trim()));
  if (!(await isDirectory(absolute))) return fail('path_not_found', `No folder at ${absolute}. Check the path.`);
  const root = await topLevel(absolute);
  if (!root.ok) return root;
  const commit = await headCommit(root.value);
  if (commit === null) {
    return fail('no_commits', `${root.value} has no commits yet. Make a first commit, then open it again.`);
  }
  const branch = await currentBranch(root.value);
  return ok({ path: root.value, name: basename(root.value), currentBranch: branch ?? 'HEAD', headCommit: commit });
}
