/**
 * Bringing a thread up to date with its base so its agent can resolve a conflict: the thread's
 * work is committed, then the base is merged into its worktree, leaving conflict markers there.
 * The merge stays in progress (MERGE_HEAD), so the next commit of the thread's work records the
 * base as a parent and the thread merges cleanly afterwards.
 */
import { commitIdentityEnv } from './checkpoint-snapshot';
import { runGit, throwIfCancelled } from './git';
import { missingBaseMessage, resolveMergeTarget } from './merge-target';
import { commitThreadWork } from './merge-train';
import { unmergedPaths } from './merge-tree';

/** `signal` stops it before the worktree's files change, never while the merge writes them. */
export async function mergeBaseIntoWorktree(worktree: string, branch: string, baseBranch: string, workMessage: string, signal?: AbortSignal): Promise<string[]> {
  await commitThreadWork(worktree, branch, workMessage, signal);
  // What the train would merge onto: the base branch, or a commit base's landing branch.
  const target = await resolveMergeTarget(worktree, baseBranch, signal);
  if (!target) throw new Error(missingBaseMessage(worktree, baseBranch));
  const name = target.kind === 'branch' ? baseBranch : target.branchExists ? target.branch : baseBranch.slice(0, 12);
  const env = await commitIdentityEnv(worktree, signal);
  throwIfCancelled(signal, 'merge the base into the worktree');
  const args = ['merge', '--no-edit', '--no-ff', '-m', `Merge ${name} into ${branch}`, target.start];
  const { exitCode } = await runGit(worktree, args, { env, successExitCodes: [0, 1] });
  return exitCode === 0 ? [] : unmergedPaths(worktree);
}

export function resolveTaskMessage(baseBranch: string, conflicts: string[]): string {
  const list = conflicts.map((path) => `- ${path}`).join('\n');
  return [
    `Merging this thread into ${baseBranch} conflicts. I merged the latest ${baseBranch} into your worktree; these files now hold conflict markers:`,
    '',
    list,
    '',
    'Resolve each conflict: keep the intent of both sides, remove every <<<<<<<, ======= and >>>>>>> marker, and check the result still builds and its tests pass. Do not commit; Flotilla records your work.',
  ].join('\n');
}
