/**
 * Where a task's agents work: one worktree per agent under
 * `<dataDir>/worktrees/<repo name>-<hash of repo path>/<thread id>`, never inside the repository,
 * each on its own `flotilla/<slug>-<id>` branch from the repository's current HEAD commit.
 */
import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { RepoInfo } from '../../../src-shared/domain/thread';
import { deleteBranch } from '../../git/branch';
import { makeBranchName } from '../../git/branch-name';
import { GitError } from '../../git/git';
import { createWorktree, removeWorktree } from '../../git/worktree';
import { shortId, threadIdFor } from '../ids';
import { errorMessage, type FleetLogger } from '../logger';

export interface PlannedWorktree {
  threadId: string;
  branch: string;
  path: string;
}

/** Two repositories with the same folder name get different folders. */
export function repoWorktreesDir(dataDir: string, repo: RepoInfo): string {
  const hash = createHash('sha256').update(repo.path).digest('hex').slice(0, 8);
  const name = repo.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'repo';
  return join(dataDir, 'worktrees', `${name}-${hash}`);
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function planWorktrees(root: string, prompt: string, count: number): PlannedWorktree[] {
  return Array.from({ length: count }, () => {
    const id = shortId();
    const threadId = threadIdFor(id);
    return { threadId, branch: makeBranchName(prompt, id), path: join(root, threadId) };
  });
}

/** The folder for a repository's worktrees, refusing one inside the repository itself. */
export async function taskWorktreesRoot(dataDir: string, repo: RepoInfo): Promise<Result<string>> {
  const root = repoWorktreesDir(await realpath(dataDir), repo);
  if (!isInside(root, repo.path)) return ok(root);
  return fail(
    'worktree_failed',
    `Flotilla's data dir ${dataDir} is inside the repository ${repo.path}; agents would work inside your checkout. Choose a data dir outside it (FLOTILLA_HOME).`,
  );
}

/**
 * Creates every planned worktree from the repository's HEAD commit, or none: if one fails, or
 * `signal` aborts (Flotilla is stopping), the ones already made are removed again, so a failed
 * or cancelled task leaves no stray branches behind. One at a time: git serialises them anyway,
 * and so a cancel stops after the worktree being made instead of after all of them.
 */
export async function createWorktrees(
  repo: RepoInfo,
  plans: PlannedWorktree[],
  logger: FleetLogger,
  signal?: AbortSignal,
): Promise<Result<PlannedWorktree[]>> {
  const created: PlannedWorktree[] = [];
  for (const plan of plans) {
    if (signal?.aborted) return cancel(repo.path, created, logger);
    try {
      await createWorktree(repo.path, plan.path, plan.branch, repo.headCommit, signal);
      created.push(plan);
    } catch (reason) {
      // createWorktree already removed what the cancelled checkout had made.
      if (reason instanceof GitError && reason.kind === 'cancelled') return cancel(repo.path, created, logger);
      await rollBack(repo.path, created, logger);
      const detail = reason instanceof GitError ? reason.stderr.trim() || reason.message : errorMessage(reason);
      return fail('worktree_failed', `Could not create a worktree at ${plan.path}: ${detail}`);
    }
  }
  // Stopping now would start threads on a fleet that is going away.
  return signal?.aborted ? cancel(repo.path, created, logger) : ok(plans);
}

async function cancel(repoPath: string, created: PlannedWorktree[], logger: FleetLogger): Promise<Result<never>> {
  await rollBack(repoPath, created, logger);
  return fail('cancelled', 'Flotilla is stopping, so the task was cancelled; the worktrees made for it were removed.');
}

/** Removes worktrees (and their branches) this task made, when it cannot go on. */
export async function rollBack(repoPath: string, created: PlannedWorktree[], logger: FleetLogger): Promise<void> {
  for (const plan of created) {
    try {
      await removeWorktree(repoPath, plan.path, { force: true });
      await deleteBranch(repoPath, plan.branch);
    } catch (error) {
      logger.warn(`Could not roll back worktree ${plan.path}: ${errorMessage(error)}`);
    }
  }
}
