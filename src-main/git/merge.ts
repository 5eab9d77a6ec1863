/**
 * Merging thread branches into their base branch. Every step is computed as new commits without
 * touching a working tree (merge-tree + commit-tree; rebase replays in a throwaway worktree), and
 * the base branch moves once at the end, so a conflict never leaves anything half-merged.
 */
import type { MergeStrategy } from '../../src-shared/protocol/api-review';
import { commitIdentityEnv, revParse } from './checkpoint-snapshot';
import { runGit } from './git';
import { resolveRevs, updateRef } from './refs';
import { mergeTrees } from './merge-tree';
import { replayCommits } from './merge-rebase';
import { listWorktrees } from './worktree';

export interface TrainStep {
  id: string;
  /** The thread's branch head, its work already committed onto it. */
  head: string;
  /** Message for the squash commit or the merge commit. */
  message: string;
}

export type StepResult = { ok: true; commit: string } | { ok: false; conflicts: string[] };

/** Merges one thread head onto `base` with the strategy; returns the new base commit. */
/** Writes only unreferenced objects, so `signal` may stop it anywhere. */
export async function mergeStep(repo: string, base: string, step: TrainStep, strategy: MergeStrategy, signal?: AbortSignal): Promise<StepResult> {
  if (await isAncestor(repo, step.head, base, signal)) return { ok: true, commit: base };
  const merged = await mergeTrees(repo, base, step.head, signal);
  if (merged.conflicts.length > 0) return { ok: false, conflicts: merged.conflicts };
  // Already in the base (say, squash-merged before): nothing to add, whatever the strategy.
  if (merged.tree === (await revParse(repo, `${base}^{tree}`, signal))) return { ok: true, commit: base };
  // A thread that merged its base (to resolve a conflict) has no linear history to replay; its
  // resolved result lands as one commit instead, as with squash.
  if (strategy === 'rebase' && !(await hasMerges(repo, base, step.head, signal))) return replayCommits(repo, base, step.head, signal);
  const parents = strategy === 'merge' ? ['-p', base, '-p', step.head] : ['-p', base];
  const env = await commitIdentityEnv(repo, signal);
  const { stdout } = await runGit(repo, ['commit-tree', merged.tree, ...parents, '-m', step.message], { env, signal });
  return { ok: true, commit: stdout.trim() };
}

async function hasMerges(repo: string, base: string, head: string, signal?: AbortSignal): Promise<boolean> {
  const { stdout } = await runGit(repo, ['rev-list', '--merges', '--max-count=1', `${base}..${head}`], { signal });
  return stdout.trim().length > 0;
}

/**
 * Whether `ancestor` is in the history of `descendant`: the merge base of an ancestor and its
 * descendant is the ancestor itself. A revision that names no commit is no ancestor (where
 * `merge-base --is-ancestor` would fail with the same exit code as for any other error).
 */
export async function isAncestor(repo: string, ancestor: string, descendant: string, signal?: AbortSignal): Promise<boolean> {
  const [a, d] = await resolveRevs(repo, [`${ancestor}^{commit}`, `${descendant}^{commit}`], signal);
  if (!a || !d) return false;
  if (a === d) return true;
  const { stdout, exitCode } = await runGit(repo, ['merge-base', a, d], { successExitCodes: [0, 1], signal });
  return exitCode === 0 && stdout.trim() === a;
}

/** The worktree (the user's checkout or another) that has `branch` checked out, if any. */
export async function checkoutOf(repo: string, branch: string, signal?: AbortSignal): Promise<string | null> {
  const entry = (await listWorktrees(repo, signal)).find((w) => w.branch === `refs/heads/${branch}`);
  return entry?.path ?? null;
}

/**
 * Uncommitted changes to tracked files; untracked files cannot be clobbered by a fast-forward.
 * GIT_OPTIONAL_LOCKS=0 keeps it from taking index.lock in a checkout someone is working in.
 */
export async function isDirty(worktree: string, signal?: AbortSignal): Promise<boolean> {
  const args = ['status', '--porcelain=v1', '--branch', '--untracked-files=no', '--ignore-submodules=dirty', '-z'];
  const { stdout } = await runGit(worktree, args, { env: { GIT_OPTIONAL_LOCKS: '0' }, signal });
  return stdout.split('\0').some((entry) => entry.length > 0 && !entry.startsWith('## '));
}

/** The checkout of the base branch stopped the merge; the base branch did not move. */
export class BaseCheckoutError extends Error {
  override readonly name = 'BaseCheckoutError';
}

export function dirtyBaseMessage(branch: string, checkout: string): string {
  return `The base branch ${branch} is checked out in ${checkout} with uncommitted changes. Commit or stash them, then merge again.`;
}

/**
 * Moves `branch` from `from` to `to` (a descendant). Where it is checked out, a fast-forward
 * merge updates the branch, index and files together, which is safe because that checkout is clean.
 */
export async function advanceBranch(repo: string, branch: string, from: string, to: string): Promise<void> {
  if (from === to) return;
  const checkout = await checkoutOf(repo, branch);
  if (checkout === null) {
    await updateRef(repo, `refs/heads/${branch}`, to, { message: 'flotilla merge', expected: from });
    return;
  }
  if (await isDirty(checkout)) throw new BaseCheckoutError(dirtyBaseMessage(branch, checkout));
  const { exitCode, stderr } = await runGit(checkout, ['merge', '--ff-only', '--no-edit', to], { successExitCodes: [0, 1, 128] });
  if (exitCode !== 0) {
    const detail = stderr.trim().split('\n').slice(0, 4).join(' ');
    throw new BaseCheckoutError(`Could not update ${branch} in ${checkout}, so nothing was merged: ${detail} Move those files away, then merge again.`);
  }
}
