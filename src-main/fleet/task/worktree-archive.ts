/**
 * thread.archive and thread.restore: a finished thread's worktree removed to free the disk, and
 * made again later. Archiving runs flotilla.json's teardown, keeps what the worktree held that its
 * branch does not (uncommitted and untracked files, as one commit under
 * refs/flotilla/archived/<thread>), removes the worktree and gives its ports back; the branch and
 * the checkpoints stay. Restoring checks the branch out in the same place again, puts that work
 * back, and runs copy, ports and setup as for a new worktree, the card saying "setting up"
 * meanwhile; the thread then stands where it finished.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import { snapshotCommit, revParse } from '../../git/checkpoint-snapshot';
import { restoreTree } from '../../git/checkpoint';
import { branchExists } from '../../git/branch';
import { GitError, runGit } from '../../git/git';
import { deleteRef, updateRef } from '../../git/refs';
import { addWorktreeForBranch, removeWorktree } from '../../git/worktree';
import { errorMessage, type FleetLogger } from '../logger';
import { isRunningStatus, type ThreadHost } from '../thread';
import { runProjectSetup, runTeardown } from './project-setup';
import type { WorktreeEnvironments } from './worktree-environment';

export interface ArchiveContext {
  dataDir: string;
  environments: WorktreeEnvironments;
  logger: FleetLogger;
  /** Aborts when the fleet stops. */
  signal?: AbortSignal | undefined;
}

type Empty = Record<string, never>;

export function archivedRef(threadId: string): string {
  return `refs/flotilla/archived/${threadId}`;
}

export async function archiveThread(ctx: ArchiveContext, host: ThreadHost): Promise<Result<{ keptRef: string | null }>> {
  const { id, repoPath, worktreePath, mergeState, status } = host.summary;
  if (host.summary.archived) return fail('invalid_state', `Thread ${id} is already archived; restore it to work in it again.`);
  if (mergeState === 'discarded') return fail('invalid_state', `Thread ${id} was discarded; there is nothing to archive.`);
  if (isRunningStatus(status) || status === 'setting_up') {
    return fail('invalid_state', `Thread ${id} is ${status}; only a finished thread can be archived. Wait for it or interrupt it, then archive it again.`);
  }
  if (!existsSync(worktreePath)) return fail('invalid_state', `Thread ${id} has no worktree at ${worktreePath} to archive (it was removed).`);
  const begun = host.beginDiscard('archive');
  if (!begun.ok) return begun;
  let removed = false;
  try {
    await runTeardown(ctx, host);
    await host.stopWorker();
    const work = await snapshotCommit(worktreePath, `Flotilla: ${host.summary.branch} as archived`, ctx.signal);
    const keptRef = work.changed ? archivedRef(id) : null;
    if (keptRef) await updateRef(repoPath, keptRef, work.commit, { message: 'flotilla archive' });
    await removeWorktree(repoPath, worktreePath, { force: true });
    removed = true;
    await ctx.environments.release(id);
    // Setup runs again in the restored worktree.
    rmSync(join(ctx.dataDir, 'setup', `${id}.json`), { force: true });
    host.worktree.setArchived(true);
    host.worktree.setSize(null);
    return ok({ keptRef });
  } catch (error) {
    const detail = error instanceof GitError ? error.message : errorMessage(error);
    return fail('worktree_failed', `Could not archive thread ${id}: ${detail}`);
  } finally {
    begun.value(removed);
  }
}

/** Answers once the worktree is back; copies, ports and setup follow in the background, as for a new one. */
export async function restoreThread(ctx: ArchiveContext, host: ThreadHost): Promise<Result<Empty>> {
  const { id, repoPath, worktreePath, branch, status } = host.summary;
  if (!host.summary.archived) return fail('invalid_state', `Thread ${id} is not archived; its worktree is at ${worktreePath}.`);
  if (!(await branchExists(repoPath, branch, ctx.signal))) {
    return fail('invalid_state', `Thread ${id}'s branch ${branch} is gone from ${repoPath}, so its worktree cannot be made again.`);
  }
  const env = await ctx.environments.load(repoPath);
  if (!env.ok) return env;
  try {
    await addWorktreeForBranch(repoPath, worktreePath, branch, ctx.signal);
    const kept = await revParse(repoPath, archivedRef(id), ctx.signal);
    if (kept) {
      await restoreTree(worktreePath, kept, ctx.signal);
      await deleteRef(repoPath, archivedRef(id), 'flotilla restore');
    }
  } catch (error) {
    if (existsSync(worktreePath)) await removeWorktree(repoPath, worktreePath, { force: true }).catch(() => undefined);
    await runGit(repoPath, ['worktree', 'prune']).catch(() => undefined);
    const detail = error instanceof GitError ? error.message : errorMessage(error);
    return fail('worktree_failed', `Could not restore thread ${id}'s worktree at ${worktreePath}: ${detail}`);
  }
  host.worktree.setArchived(false);
  host.worktree.setupProgress('Restored; copying files and reserving ports…');
  void host.worktree.runSetup(async (own) => {
    const signal = ctx.signal ? AbortSignal.any([own, ctx.signal]) : own;
    try {
      const skipped = await ctx.environments.prepare(repoPath, env.value, { threadId: id, path: worktreePath }, signal);
      for (const note of skipped) ctx.logger.warn(`Thread ${id}: ${note}`);
    } catch (error) {
      host.worktree.setupFailed(`Could not ready the restored worktree (copying the files flotilla.json names, or its ports): ${errorMessage(error)}.`);
      return;
    }
    if (!(await runProjectSetup(host, ctx.dataDir, env.value, signal))) return;
    host.worktree.restored(status);
    void host.worktree.refreshSize();
  });
  return ok({});
}
