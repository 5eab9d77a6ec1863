/**
 * `merge --check`: each thread's work (its worktree snapshotted, or its branch when the worktree
 * is gone) checked against the base and against each other, without touching any checkout.
 */
import { existsSync } from 'node:fs';
import type { ConflictMatrix } from '../../src-shared/protocol/api-review';
import { revParse, snapshotCommit } from './checkpoint-snapshot';
import { conflictMatrix, type MatrixHead } from './merge-matrix';

export interface CheckedThread {
  id: string;
  worktree: string;
  branch: string;
  /** The message of the snapshot commit (it is never put on a branch). */
  message: string;
}

export async function checkThreads(
  repo: string,
  baseBranch: string,
  threads: CheckedThread[],
  signal?: AbortSignal,
): Promise<ConflictMatrix & { heads: MatrixHead[] }> {
  const heads: MatrixHead[] = [];
  for (const thread of threads) {
    const commit = await workHead(repo, thread, signal);
    if (commit) heads.push({ id: thread.id, commit });
  }
  return { ...(await conflictMatrix(repo, baseBranch, heads, signal)), heads };
}

async function workHead(repo: string, thread: CheckedThread, signal?: AbortSignal): Promise<string | null> {
  if (existsSync(thread.worktree)) return (await snapshotCommit(thread.worktree, thread.message, signal)).commit;
  return revParse(repo, `refs/heads/${thread.branch}`, signal);
}
