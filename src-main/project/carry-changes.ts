/**
 * `carryChanges` on task.run: the user's uncommitted work, given to each new worktree, which
 * otherwise starts from HEAD without it. Read once per task from the user's checkout with
 * commands that only read it (`git diff`, `git ls-files`: no stash, no index write, so the
 * checkout is never changed), then applied in each worktree: the tracked changes with
 * `git apply` (staged and unstaged alike, as working-tree changes), the untracked files that are
 * not ignored copied as `copy` copies (copy-on-write, never through a link out of the repository).
 */
import { runGit } from '../git/git';
import { copyFilesInto } from './copy-ignored';

export interface CheckoutChanges {
  /** `git diff --binary HEAD`: staged and unstaged changes to tracked files; '' for none. */
  patch: string;
  /** Untracked, not ignored files, relative to the repository. */
  untracked: string[];
}

export function hasChanges(changes: CheckoutChanges): boolean {
  return changes.patch !== '' || changes.untracked.length > 0;
}

/** The checkout's uncommitted changes; reads only. Submodules' own changes are not included. */
export async function readCheckoutChanges(repoRoot: string, signal?: AbortSignal): Promise<CheckoutChanges> {
  const diff = await runGit(repoRoot, ['diff', '--binary', '--no-color', '--no-ext-diff', '--ignore-submodules=all', 'HEAD', '--'], { signal });
  const others = await runGit(repoRoot, ['ls-files', '-z', '--others', '--exclude-standard'], { signal });
  return { patch: diff.stdout, untracked: others.stdout.split('\0').filter((path) => path !== '') };
}

/**
 * Applies `changes` in a fresh worktree of the same HEAD. Returns notes for the thread's log (the
 * files not copied and why); throws a GitError when the patch does not apply.
 */
export async function applyCheckoutChanges(repoRoot: string, worktree: string, changes: CheckoutChanges, signal?: AbortSignal): Promise<string[]> {
  if (changes.patch !== '') await runGit(worktree, ['apply', '--binary', '--whitespace=nowarn'], { input: changes.patch, signal });
  const report = await copyFilesInto(repoRoot, worktree, changes.untracked, signal);
  return report.skipped.map(({ path, reason }) => `Uncommitted file not carried into ${worktree}: ${path} (${reason}).`);
}
