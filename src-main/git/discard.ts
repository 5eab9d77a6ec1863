/**
 * Removing a thread's worktree and branch. Work that is not in the base branch is never lost:
 * without force it is refused, with force it is kept under refs/flotilla/discarded/<thread>.
 */
import { existsSync } from 'node:fs';
import { revParse, snapshotCommit } from './checkpoint-snapshot';
import { branchExists, deleteBranch } from './branch';
import { runGit, throwIfCancelled } from './git';
import { updateRef } from './refs';
import { isAncestor } from './merge';
import { mergeTrees } from './merge-tree';
import { mergedRef } from './merge-train';
import { baseTips } from './merge-target';
import { removeWorktree } from './worktree';

export function discardedRef(threadId: string): string {
  return `refs/flotilla/discarded/${threadId}`;
}

/** The thread's work as one commit: its worktree when it still exists, else its branch head. */
async function workCommit(repo: string, worktree: string, branch: string, signal?: AbortSignal): Promise<string | null> {
  if (existsSync(worktree)) return (await snapshotCommit(worktree, `Flotilla: work of ${branch}, kept when discarded`, signal)).commit;
  return revParse(repo, `refs/heads/${branch}`, signal);
}

/**
 * False only when the work is contained in the base, judged from the repository as it is now
 * (not from what a merge once said):
 * - it is an ancestor of the base (a thread with no changes at all, or a merge-strategy merge);
 * - a recorded merge result for this thread is reachable from the base and holds the work
 *   (squash and rebase leave no ancestry; a base reset back afterwards makes this false again);
 * - or merging it into the base would change nothing.
 * The base is a branch or, for a task started on a detached HEAD, the commit (and the branch its
 * merges landed on, see merge-target.ts). A base that no longer exists holds nothing.
 */
export async function hasUnmergedWork(repo: string, work: string, baseBranch: string, threadId: string, signal?: AbortSignal): Promise<boolean> {
  const tips = await baseTips(repo, baseBranch, signal);
  for (const tip of tips) if (await isAncestor(repo, work, tip, signal)) return false;
  const merged = await revParse(repo, mergedRef(threadId), signal);
  if (merged && (await reachableFromAny(repo, merged, tips, signal)) && (await adds(repo, merged, work, signal)) === false) return false;
  for (const tip of tips) if ((await adds(repo, tip, work, signal)) === false) return false;
  return true;
}

async function reachableFromAny(repo: string, commit: string, tips: string[], signal?: AbortSignal): Promise<boolean> {
  for (const tip of tips) if (await isAncestor(repo, commit, tip, signal)) return true;
  return false;
}

/** Whether merging `work` into `into` would change anything (a conflict counts as a change). */
async function adds(repo: string, into: string, work: string, signal?: AbortSignal): Promise<boolean> {
  if (await isAncestor(repo, work, into, signal)) return false;
  const result = await mergeTrees(repo, into, work, signal);
  return result.conflicts.length > 0 || result.tree !== (await revParse(repo, `${into}^{tree}`, signal));
}

export interface DiscardTarget {
  threadId: string;
  repo: string;
  worktree: string;
  branch: string;
  baseBranch: string;
}

export type DiscardOutcome = { removed: true; keptRef: string | null } | { removed: false; reason: 'unmerged_work' };

/**
 * `beforeRemove` runs once the discard is decided, before anything is removed (to stop the agent's
 * processes there). `signal` stops it while it decides; once it starts removing, it finishes.
 */
export async function discardThreadWork(
  target: DiscardTarget,
  force: boolean,
  beforeRemove?: () => Promise<void>,
  signal?: AbortSignal,
): Promise<DiscardOutcome> {
  const { repo, worktree, branch } = target;
  const work = await workCommit(repo, worktree, branch, signal);
  const unmerged = work !== null && (await hasUnmergedWork(repo, work, target.baseBranch, target.threadId, signal));
  if (unmerged && !force) return { removed: false, reason: 'unmerged_work' };
  throwIfCancelled(signal, 'discard');
  let keptRef: string | null = null;
  if (unmerged && work) {
    keptRef = discardedRef(target.threadId);
    await updateRef(repo, keptRef, work, { message: 'flotilla discard' });
  }
  await beforeRemove?.();
  if (existsSync(worktree)) await removeWorktree(repo, worktree, { force: true });
  await runGit(repo, ['worktree', 'prune']);
  if (await branchExists(repo, branch)) await deleteBranch(repo, branch);
  return { removed: true, keptRef };
}
