/**
 * At start, the worktrees and branches a cut-short task.run left without a thread (see
 * pending-creation.ts) are removed. Nothing is lost: work found in one (a changed file, a moved
 * branch) is kept under refs/flotilla/orphaned/<thread> first, and the user is told either way.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { branchExists, deleteBranch } from '../../git/branch';
import { commitIdentityEnv, revParse } from '../../git/checkpoint-snapshot';
import { runGit } from '../../git/git';
import { listWorktrees } from '../../git/worktree';
import { errorMessage, type FleetLogger } from '../logger';
import { listPendingCreations, type PendingCreation } from './pending-creation';

export function orphanedRef(threadId: string): string {
  return `refs/flotilla/orphaned/${threadId}`;
}

type Planned = PendingCreation['worktrees'][number];

/** `hasThread` says which planned threads made it into the registry (their logs exist): those are kept. */
export async function cleanUpInterruptedCreations(dataDir: string, hasThread: (threadId: string) => boolean, logger: FleetLogger): Promise<void> {
  for (const { path, pending } of await listPendingCreations(dataDir)) {
    if (!pending) {
      logger.warn(`${path} is not a record of a task being created; left it for you to look at.`);
      continue;
    }
    let clean = true;
    for (const planned of pending.worktrees) {
      if (hasThread(planned.threadId)) continue;
      try {
        await removeOrphan(pending, planned, logger);
      } catch (error) {
        clean = false;
        logger.warn(`Could not clean up ${planned.path} (branch ${planned.branch}), left by an interrupted task: ${errorMessage(error)}. Flotilla tries again at its next start.`);
      }
    }
    if (clean) await rm(path, { force: true });
  }
}

async function removeOrphan(pending: PendingCreation, planned: Planned, logger: FleetLogger): Promise<void> {
  const repo = pending.repoPath;
  if (!existsSync(join(repo, '.git')) && !existsSync(join(repo, 'HEAD'))) throw new Error(`the repository ${repo} is gone`);
  const registered = (await listWorktrees(repo)).some((w) => w.path === planned.path);
  const hasBranch = await branchExists(repo, planned.branch);
  if (!registered && !hasBranch && !existsSync(planned.path)) return; // never got as far as git
  const kept = await keepWork(pending, planned, hasBranch);
  if (registered) await unregisterWorktree(repo, planned.path);
  // Retries: the killed process's own `git worktree add` may still be writing files there.
  await rm(planned.path, { recursive: true, force: true, maxRetries: 5 });
  await runGit(repo, ['worktree', 'prune']);
  if ((await listWorktrees(repo)).some((w) => w.path === planned.path)) throw new Error('git still lists it as a worktree');
  if (hasBranch) await deleteBranch(repo, planned.branch);
  const what = `Removed the worktree ${planned.path} and branch ${planned.branch}, left without a thread by a task creation that was interrupted`;
  logger.warn(kept ? `${what}; the work found in it is kept under ${kept}.` : `${what}; it held no work.`);
}

/**
 * A `git worktree add` killed midway leaves its worktree locked ("initializing") and half set
 * up, which `worktree remove` may refuse or only half do; whatever it leaves, the caller deletes
 * the folder and prunes.
 */
async function unregisterWorktree(repo: string, path: string): Promise<void> {
  await runGit(repo, ['worktree', 'unlock', '--', path]).catch(() => undefined);
  await runGit(repo, ['worktree', 'remove', '--force', '--force', '--', path]).catch(() => undefined);
}

/** The ref the orphan's work is kept under, or null when it holds nothing beyond the base commit. */
async function keepWork(pending: PendingCreation, planned: Planned, hasBranch: boolean): Promise<string | null> {
  const repo = pending.repoPath;
  let work = existsSync(planned.path) ? await snapshotFolder(repo, planned.path, pending.baseCommit, planned.branch) : null;
  if (!work && hasBranch) {
    const head = await revParse(repo, `refs/heads/${planned.branch}`);
    if (head && head !== pending.baseCommit) work = head;
  }
  if (!work) return null;
  const ref = orphanedRef(planned.threadId);
  await runGit(repo, ['update-ref', '-m', 'flotilla: interrupted creation', ref, work]);
  return ref;
}

/**
 * The folder's files on top of the base commit, as a commit (null when that changes nothing).
 * Built with the repository's own gitdir and a private index, never through the folder's `.git`
 * file, which a `git worktree add` killed midway leaves pointing at nothing. Files the cut-short
 * checkout never wrote are missing, not deleted: only added and changed files count.
 */
async function snapshotFolder(repo: string, folder: string, baseCommit: string, branch: string): Promise<string | null> {
  const gitDir = (await runGit(repo, ['rev-parse', '--absolute-git-dir'])).stdout.trim();
  const temp = await mkdtemp(join(tmpdir(), 'flotilla-orphan-'));
  const env = { GIT_INDEX_FILE: join(temp, 'index'), GIT_DIR: gitDir, GIT_WORK_TREE: folder };
  try {
    await runGit(folder, ['read-tree', baseCommit], { env });
    await runGit(folder, ['add', '--ignore-removal', '--', '.'], { env });
    const tree = (await runGit(folder, ['write-tree'], { env })).stdout.trim();
    if (tree === (await revParse(repo, `${baseCommit}^{tree}`))) return null;
    const message = `Flotilla: work found in ${branch}, kept when its interrupted creation was cleaned up`;
    const identity = await commitIdentityEnv(repo);
    return (await runGit(repo, ['commit-tree', tree, '-p', baseCommit, '-m', message], { env: identity })).stdout.trim();
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
