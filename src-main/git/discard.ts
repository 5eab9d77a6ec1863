/**
 * Removing a thread's worktree and branch. Work that is not in the base branch is never lost:
 * without force it is refused, with force it is kept under refs/flotilla/discarded/<thread>.
 */
import { existsSync } from 'node:fs';
import { revParse, snapshotCommit } from './checkpoint-snapshot';
import { branchExists, deleteBranch } from './branch';
import { runGit } from './git';
import { isAncestor } from './merge';
import { mergeTrees } from './merge-tree';
import { mergedRef } from './merge-train';
import { removeWorktree } from './worktree';

export function discardedRef(threadId: string): string {
  return `refs/flotilla/discarded/${threadId}`;
}

/** The thread's work as one commit: its worktree when it still exists, else its branch head. */
async function workCommit(repo: string, worktree: string, branch: string): Promise<string | null> {
  if (existsSync(worktree)) return (await snapshotCommit(worktree, `Flotilla: work of ${branch}, kept when discarded`)).commit;
  return revParse(repo, `refs/heads/${branch}`);
}

/**
 * False when the work is already in the base: it is an ancestor of the base, it is what a merge
 * train merged (squash and rebase leave no ancestry), or merging it would change nothing.
 */
export async function hasUnmergedWork(repo: string, work: string, baseBranch: string, threadId: string): Promise<boolean> {
  const base = await revParse(repo, `refs/heads/${baseBranch}`);
  if (!base) return true;
  if (await isAncestor(repo, work, base)) return false;
  const merged = await revParse(repo, mergedRef(threadId));
  if (merged && (await isAncestor(repo, work, merged))) return false;
  const result = await mergeTrees(repo, base, work);
  return result.conflicts.length > 0 || result.tree !== (await revParse(repo, `${base}^{tree}`));
}

export interface DiscardTarget {
  threadId: string;
  repo: string;
  worktree: string;
  branch: string;
  baseBranch: string;
}

export type DiscardOutcome = { removed: true; keptRef: string | null } | { removed: false; reason: 'unmerged_work' };

/** `beforeRemove` runs once the discard is decided, before anything is removed (to stop the agent's processes there). */
export async function discardThreadWork(target: DiscardTarget, force: boolean, beforeRemove?: () => Promise<void>): Promise<DiscardOutcome> {
  const { repo, worktree, branch } = target;
  const work = await workCommit(repo, worktree, branch);
  const unmerged = work !== null && (await hasUnmergedWork(repo, work, target.baseBranch, target.threadId));
  if (unmerged && !force) return { removed: false, reason: 'unmerged_work' };
  let keptRef: string | null = null;
  if (unmerged && work) {
    keptRef = discardedRef(target.threadId);
    await runGit(repo, ['update-ref', '-m', 'flotilla discard', keptRef, work]);
  }
  await beforeRemove?.();
  if (existsSync(worktree)) await removeWorktree(repo, worktree, { force: true });
  await runGit(repo, ['worktree', 'prune']);
  if (await branchExists(repo, branch)) await deleteBranch(repo, branch);
  return { removed: true, keptRef };
}
