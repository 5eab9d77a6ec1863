/**
 * Conflict detection without touching any working tree: `git merge-tree --write-tree` merges two
 * commits in memory. Exit 0 is clean, exit 1 is a conflict (reported on stdout, not as a failure).
 */
import { runGit } from './git';

export interface TreeMerge {
  tree: string;
  /** Conflicted paths; empty when the merge is clean. */
  conflicts: string[];
}

export async function mergeTrees(repo: string, ours: string, theirs: string, signal?: AbortSignal): Promise<TreeMerge> {
  const { stdout, exitCode } = await runGit(
    repo,
    ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', ours, theirs],
    { successExitCodes: [0, 1], signal },
  );
  const [tree = '', ...rest] = stdout.split('\0');
  const conflicts = exitCode === 1 ? [...new Set(rest.filter((p) => p.length > 0))] : [];
  return { tree: tree.trim(), conflicts };
}

/** Paths in conflict (unmerged index entries) in a worktree, after a merge or cherry-pick stopped. */
export async function unmergedPaths(worktree: string, signal?: AbortSignal): Promise<string[]> {
  const { stdout } = await runGit(worktree, ['diff', '--name-only', '-z', '--diff-filter=U'], { signal });
  return [...new Set(stdout.split('\0').filter((p) => p.length > 0))];
}
