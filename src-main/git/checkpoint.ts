/**
 * Per-turn checkpoints: after each turn the worktree is snapshotted into a commit under a hidden
 * ref, refs/flotilla/<thread>/<turn>, so any turn can be diffed and the worktree rolled back to
 * it. Neither creating nor listing a checkpoint touches the worktree's index, branch or files.
 */
import type { Checkpoint } from '../../src-shared/protocol/api-review';
import { runGit, throwIfCancelled } from './git';
import { revParse, snapshotCommit, withTempIndex, writeWorktreeTree } from './checkpoint-snapshot';
import { updateRef } from './refs';

export function checkpointRef(threadId: string, turn: number): string {
  return `refs/flotilla/${threadId}/${turn}`;
}

/** A cancelled checkpoint leaves at most unreferenced objects: the ref moves last. */
export async function createCheckpoint(worktree: string, threadId: string, turn: number, signal?: AbortSignal): Promise<Checkpoint> {
  const { commit } = await snapshotCommit(worktree, `Flotilla checkpoint: thread ${threadId}, turn ${turn}`, signal);
  signal?.throwIfAborted();
  const ref = checkpointRef(threadId, turn);
  await updateRef(worktree, ref, commit, { message: 'flotilla checkpoint' });
  return { turn, ref, commit, createdAt: Date.now() };
}

/** Checkpoints of a thread, oldest turn first. */
export async function listCheckpoints(repo: string, threadId: string, signal?: AbortSignal): Promise<Checkpoint[]> {
  const format = '%(refname)%00%(objectname)%00%(creatordate:unix)';
  const { stdout } = await runGit(repo, ['for-each-ref', `--format=${format}`, `refs/flotilla/${threadId}/`], { signal });
  const checkpoints: Checkpoint[] = [];
  for (const line of stdout.split('\n')) {
    const [ref, commit, date] = line.split('\0');
    const turn = Number(ref?.slice(`refs/flotilla/${threadId}/`.length));
    if (!ref || !commit || !Number.isInteger(turn)) continue;
    checkpoints.push({ turn, ref, commit, createdAt: Number(date) * 1000 });
  }
  return checkpoints.sort((a, b) => a.turn - b.turn);
}

/**
 * Restores the worktree's files exactly to a checkpoint: a two-tree read-tree from the current
 * snapshot to the checkpoint in a temporary index writes changed files and removes the ones the
 * checkpoint lacks. Ignored files stay; the worktree's index and HEAD are left alone. `signal`
 * stops it before the first file is written, never half-way through.
 */
export async function restoreTree(worktree: string, commit: string, signal?: AbortSignal): Promise<void> {
  const target = await revParse(worktree, `${commit}^{tree}`, signal);
  if (!target) throw new Error(`Checkpoint ${commit} is missing from the repository.`);
  await withTempIndex(worktree, async (env) => {
    const current = await writeWorktreeTree(worktree, env, signal);
    throwIfCancelled(signal, 'roll back');
    await runGit(worktree, ['read-tree', '-m', '-u', current, target], { env });
  }, signal);
}
