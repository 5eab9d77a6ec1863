/**
 * `merge --check`: each thread's work (its worktree snapshotted, or its branch when the worktree
 * is gone) checked against the base and against each other, without touching any checkout or ref.
 * Everything here only reads, so the caller's signal stops it at any point.
 */
import { existsSync } from 'node:fs';
import type { ConflictMatrix } from '../../src-shared/protocol/api-review';
import { commitIdentityEnv, revParse, snapshotCommit } from './checkpoint-snapshot';
import { mapLimit } from './concurrency';
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
  // One identity for every snapshot; asked once, and only awaited by snapshots that commit.
  const identity = commitIdentityEnv(repo, signal);
  identity.catch(() => undefined);
  // A few threads at a time, each running a couple of git processes side by side.
  const commits = await mapLimit(threads, (thread) => workHead(repo, thread, identity, signal), 3);
  const heads = threads.flatMap((thread, i) => (commits[i] ? [{ id: thread.id, commit: commits[i] }] : []));
  return { ...(await conflictMatrix(repo, baseBranch, heads, signal)), heads };
}

async function workHead(repo: string, thread: CheckedThread, identity: Promise<Record<string, string>>, signal?: AbortSignal): Promise<string | null> {
  if (existsSync(thread.worktree)) return (await snapshotCommit(thread.worktree, thread.message, signal, identity)).commit;
  return revParse(repo, `refs/heads/${thread.branch}`, signal);
}
