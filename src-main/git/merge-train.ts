/**
 * The merge train: thread heads merged one after another onto the base branch. Agents never
 * commit, so each thread's worktree is first committed onto its own branch by the fleet.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MergeReport, MergeStrategy } from '../../src-shared/protocol/api-review';
import { revParse, snapshotCommit } from './checkpoint-snapshot';
import { runGit, throwIfCancelled } from './git';
import { updateRef } from './refs';
import { checkoutOf, dirtyBaseMessage, isDirty, mergeStep, type TrainStep } from './merge';
import { missingBaseMessage, moveTarget, resolveMergeTarget } from './merge-target';

const MARKER = /^(<{7}|>{7})( |$)/m;

/** Files a merge left in conflict whose markers are still in the worktree. */
export async function filesWithMarkers(worktree: string, signal?: AbortSignal): Promise<string[]> {
  const { stdout } = await runGit(worktree, ['ls-files', '--unmerged', '-z'], { signal });
  const paths = [...new Set(stdout.split('\0').map((l) => l.split('\t')[1]).filter((p): p is string => !!p))];
  const marked: string[] = [];
  for (const path of paths) {
    const content = await readFile(join(worktree, path), 'utf8').catch(() => '');
    if (MARKER.test(content)) marked.push(path);
  }
  return marked;
}

/**
 * Commits the worktree as it is onto the thread's branch (with MERGE_HEAD as a second parent
 * when a merge was being resolved), then resets the worktree's index to it so `git status` there
 * reads clean. Returns the branch head. `signal` stops it before the branch moves, never after.
 */
export async function commitThreadWork(worktree: string, branch: string, message: string, signal?: AbortSignal): Promise<string> {
  const head = await revParse(worktree, 'HEAD', signal);
  const snapshot = await snapshotCommit(worktree, message, signal);
  if (!snapshot.changed) return snapshot.commit;
  throwIfCancelled(signal, 'commit thread work');
  await updateRef(worktree, `refs/heads/${branch}`, snapshot.commit, { message: 'flotilla: commit agent work', expected: head });
  // A reset without paths also ends a merge in progress (MERGE_HEAD), now recorded as a parent.
  await runGit(worktree, ['reset', '--quiet']);
  return snapshot.commit;
}

/**
 * Records which commit of the base holds a thread's work: the train's result for it, not the
 * thread's head, so discard can check that commit is still reachable from the base (a base reset
 * back afterwards is noticed). Written only once the base has moved.
 */
export function mergedRef(threadId: string): string {
  return `refs/flotilla/merged/${threadId}`;
}

/** The refusal for a dirty checked-out base branch, or null when merging may go ahead. */
export async function baseCheckoutProblem(repo: string, baseBranch: string, signal?: AbortSignal): Promise<string | null> {
  const checkout = await checkoutOf(repo, baseBranch, signal);
  return checkout !== null && (await isDirty(checkout, signal)) ? dirtyBaseMessage(baseBranch, checkout) : null;
}

/**
 * Runs the train; the base moves once, to the last clean merge, and only if any merged. A base
 * that cannot move throws BaseCheckoutError before any merged ref is written, so a failed or
 * killed merge never marks work merged. `signal` stops it up to the moment the base moves: until
 * then only unreferenced objects were written.
 */
export async function runTrain(repo: string, baseBranch: string, steps: TrainStep[], strategy: MergeStrategy, signal?: AbortSignal): Promise<MergeReport> {
  const target = await resolveMergeTarget(repo, baseBranch, signal);
  if (!target) throw new Error(missingBaseMessage(repo, baseBranch));
  const report: MergeReport = { merged: [], stopped: null };
  let base = target.start;
  for (const step of steps) {
    const result = await mergeStep(repo, base, step, strategy, signal);
    if (!result.ok) {
      report.stopped = { threadId: step.id, conflicts: result.conflicts };
      break;
    }
    base = result.commit;
    report.merged.push({ threadId: step.id, commit: base });
  }
  throwIfCancelled(signal, 'merge');
  // The commit point: from here on the train runs to the end, cancelled or not.
  const landing = await moveTarget(repo, target, base);
  if (landing) report.landedOn = landing;
  for (const { threadId, commit } of report.merged) {
    await updateRef(repo, mergedRef(threadId), commit, { message: 'flotilla merged' });
  }
  return report;
}
