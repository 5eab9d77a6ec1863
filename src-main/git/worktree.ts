/**
 * Worktrees for agent threads. Creating one never touches the user's checkout: `git worktree add`
 * writes only the new folder and the repository's worktree metadata, and the new branch starts at
 * an explicit commit rather than at whatever is checked out.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { branchExists, deleteBranch } from './branch';
import { runGit } from './git';
import { KeyedLock } from './keyed-lock';
import { forgetWorktree, trustWorktree, worktreeGitDir } from './trusted-worktrees';

const worktreeLock = new KeyedLock();

/**
 * All or nothing: `git worktree add -b` creates the branch before it checks the folder, so when
 * it fails, the branch it made (and any half-registered worktree) is removed again.
 */
export async function createWorktree(
  repoRoot: string,
  worktreePath: string,
  branch: string,
  baseCommit: string,
  /** Stops the checkout; what it made so far is removed again, as after any failure. */
  signal?: AbortSignal,
): Promise<void> {
  await mkdir(dirname(worktreePath), { recursive: true });
  await worktreeLock.run(resolve(repoRoot), async () => {
    const branchExisted = await branchExists(repoRoot, branch, signal);
    try {
      await runGit(repoRoot, ['worktree', 'add', '-b', branch, '--', worktreePath, baseCommit], { signal });
      await trustNewWorktree(repoRoot, worktreePath);
    } catch (error) {
      if (!branchExisted) await undoWorktreeAdd(repoRoot, worktreePath, branch);
      throw error;
    }
  });
}

/**
 * A worktree for a branch that exists (restoring an archived thread): checked out as it is, no
 * branch made; a failure leaves no half-registered worktree behind.
 */
export async function addWorktreeForBranch(repoRoot: string, worktreePath: string, branch: string, signal?: AbortSignal): Promise<void> {
  await mkdir(dirname(worktreePath), { recursive: true });
  await worktreeLock.run(resolve(repoRoot), async () => {
    try {
      await runGit(repoRoot, ['worktree', 'add', '--', worktreePath, branch], { signal });
      await trustNewWorktree(repoRoot, worktreePath);
    } catch (error) {
      const registered = (await listWorktrees(repoRoot)).some((w) => w.branch === `refs/heads/${branch}`);
      if (registered) await runGit(repoRoot, ['worktree', 'remove', '--force', '--', worktreePath]).catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Records the gitdir git just made for the worktree (read from the repository's records, before
 * any agent runs there), so every later git call in it ignores the worktree's `.git` file.
 */
export async function trustNewWorktree(repoRoot: string, worktreePath: string): Promise<void> {
  const gitDir = await worktreeGitDir(repoRoot, worktreePath);
  if (!gitDir) throw new Error(`git created the worktree ${worktreePath} but ${repoRoot} has no record of it.`);
  trustWorktree(worktreePath, gitDir);
}

async function undoWorktreeAdd(repoRoot: string, worktreePath: string, branch: string): Promise<void> {
  const registered = (await listWorktrees(repoRoot)).some((w) => w.branch === `refs/heads/${branch}`);
  if (registered) await runGit(repoRoot, ['worktree', 'remove', '--force', '--', worktreePath]).catch(() => undefined);
  if (await branchExists(repoRoot, branch)) await deleteBranch(repoRoot, branch).catch(() => undefined);
}

/**
 * `force` also removes a worktree with uncommitted or untracked changes. The worktree's `.git` file
 * is first written back as git made it: git refuses to remove a worktree whose `.git` does not
 * point back at its gitdir, and without force it runs `git status` through that file.
 */
export async function removeWorktree(repoRoot: string, worktreePath: string, options: { force?: boolean } = {}): Promise<void> {
  const args = ['worktree', 'remove', ...(options.force ? ['--force'] : []), '--', worktreePath];
  await worktreeLock.run(resolve(repoRoot), async () => {
    await restoreGitFile(repoRoot, worktreePath);
    await runGit(repoRoot, args);
  });
  forgetWorktree(worktreePath);
}

async function restoreGitFile(repoRoot: string, worktreePath: string): Promise<void> {
  const gitDir = await worktreeGitDir(repoRoot, worktreePath);
  if (!gitDir) return;
  const dotGit = join(worktreePath, '.git');
  const expected = `gitdir: ${gitDir}\n`;
  if ((await readFile(dotGit, 'utf8').catch(() => null)) === expected) return;
  await rm(dotGit, { recursive: true, force: true });
  await writeFile(dotGit, expected);
}

export interface WorktreeEntry {
  path: string;
  head: string | null;
  /** Full ref name (refs/heads/...), or null when detached. */
  branch: string | null;
}

export async function listWorktrees(repoRoot: string, signal?: AbortSignal): Promise<WorktreeEntry[]> {
  const { stdout } = await runGit(repoRoot, ['worktree', 'list', '--porcelain', '-z'], { signal });
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | null = null;
  for (const field of stdout.split('\0')) {
    if (field.startsWith('worktree ')) {
      current = { path: field.slice('worktree '.length), head: null, branch: null };
      entries.push(current);
    } else if (current && field.startsWith('HEAD ')) {
      current.head = field.slice('HEAD '.length);
    } else if (current && field.startsWith('branch ')) {
      current.branch = field.slice('branch '.length);
    }
  }
  return entries;
}
