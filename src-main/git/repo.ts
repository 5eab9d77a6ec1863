/**
 * What Flotilla needs to know about a folder the user chose: is it a repository with at least
 * one commit, where is its top level, which branch and commit is checked out.
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/protocol/api';
import type { RepoInfo } from '../../src-shared/domain/thread';
import { GitError, runGit } from './git';
import { revParse } from './refs';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function topLevel(path: string, signal?: AbortSignal): Promise<Result<string>> {
  try {
    const { stdout } = await runGit(path, ['rev-parse', '--show-toplevel'], { signal });
    const root = stdout.trim();
    if (root) return ok(root);
  } catch (error) {
    if (error instanceof GitError && error.kind === 'dubious_ownership') return fail('not_a_git_repo', error.hint ?? error.message);
    if (!(error instanceof GitError) || error.exitCode === null) throw error;
  }
  return fail('not_a_git_repo', await noWorkTreeMessage(path, signal));
}

/**
 * Why there is no working tree to branch from: a bare repository, the inside of a `.git`
 * folder, or no repository at all. Each needs a different step from the user.
 */
async function noWorkTreeMessage(path: string, signal?: AbortSignal): Promise<string> {
  const args = ['rev-parse', '--is-bare-repository', '--is-inside-git-dir'];
  const probe = await runGit(path, args, { successExitCodes: [0, 128], signal });
  const [bare, insideGitDir] = probe.exitCode === 0 ? probe.stdout.trim().split('\n') : [];
  if (bare === 'true') {
    return `${path} is a bare repository: it has no checkout for agents to branch from. Flotilla needs a checkout; make one with \`git -C ${path} worktree add ../checkout\` or \`git clone ${path} checkout\`, then open that folder.`;
  }
  if (insideGitDir === 'true') {
    return `${path} is inside a repository's .git folder. Choose the repository folder itself (the one that holds .git).`;
  }
  return `${path} is not a git repository. Run \`git init\` there, or choose a repository folder.`;
}

/** The checked-out branch, or null on a detached HEAD. */
export async function currentBranch(repoRoot: string, signal?: AbortSignal): Promise<string | null> {
  const { stdout, exitCode } = await runGit(repoRoot, ['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    successExitCodes: [0, 1],
    signal,
  });
  return exitCode === 0 ? stdout.trim() : null;
}

/** The commit HEAD points at, or null when the repository has no commits yet. */
export async function headCommit(repoRoot: string, signal?: AbortSignal): Promise<string | null> {
  return revParse(repoRoot, 'HEAD^{commit}', signal);
}

/** People type `~/code/app` into a path field; no shell is there to expand it. */
function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function relativePathMessage(typed: string): string {
  const full = "Type the repository's full path (starting with / or ~).";
  return typed === '' ? full : `${typed} is a relative path. ${full}`;
}

/** Resolves a path anywhere inside a repository to the repository's top level. */
export async function inspectRepo(path: string, signal?: AbortSignal): Promise<Result<RepoInfo>> {
  const typed = expandHome(path.trim());
  // Relative to what? The server's working directory means nothing to a person at a browser;
  // the CLI resolves its own relative paths against the shell's before it sends them.
  if (!isAbsolute(typed)) return fail('invalid_request', relativePathMessage(path.trim()));
  const absolute = resolve(typed);
  if (!(await isDirectory(absolute))) return fail('path_not_found', `No folder at ${absolute}. Check the path.`);
  const root = await topLevel(absolute, signal);
  if (!root.ok) return root;
  const commit = await headCommit(root.value, signal);
  if (commit === null) {
    return fail('no_commits', `${root.value} has no commits yet. Make a first commit, then open it again.`);
  }
  const branch = await currentBranch(root.value, signal);
  return ok({ path: root.value, name: basename(root.value), currentBranch: branch ?? 'HEAD', headCommit: commit });
}
