/**
 * Where a task's agents work: one worktree per agent under
 * `<dataDir>/worktrees/<repo name>-<hash of repo path>/<thread id>`, never inside the repository,
 * each on its own `flotilla/<slug>-<id>` branch from the repository's current HEAD commit.
 */
import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/protocol/api';
import type { RepoInfo } from '../../src-shared/domain/thread';
import { deleteBranch } from '../git/branch';
import { makeBranchName } from '../git/branch-name';
import { GitError } from '../git/git';
import { createWorktree, removeWorktree } from '../git/worktree';
import { shortId, threadIdFor } from './ids';
import { errorMessage, type FleetLogger } from './logger';

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
 * Creates every planned worktree from the repository's HEAD commit, or none: if one fails, the
 * ones already made are removed again, so a failed task leaves no stray branches behind.
 */
export async function createWorktrees(repo: RepoInfo, plans: PlannedWorktree[], logger: FleetLogger): Promise<Result<PlannedWorktree[]>> {
  const results = await Promise.allSettled(plans.map((p) => createWorktree(repo.path, p.path, p.branch, repo.headCommit)));
  const failedAt = results.findIndex((r) => r.status === 'rejected');
  if (failedAt === -1) return ok(plans);
  await rollBack(repo.path, plans.filter((_, i) => results[i]?.status === 'fulfilled'), logger);
  const failure = results[failedAt] as PromiseRejectedResult;
  const reason: unknown = failure.reason;
  const detail = reason instanceof GitError ? reason.stderr.trim() || reason.message : errorMessage(reason);
  return fail('worktree_failed', `Could not create a worktree at ${plans[failedAt]?.path}: ${detail}`);
}

async function rollBack(repoPath: string, created: PlannedWorktree[], logger: FleetLogger): Promise<void> {
  for (const plan of created) {
    try {
      await removeWorktree(repoPath, plan.path, { force: true });
      await deleteBranch(repoPath, plan.branch);
    } catch (error) {
      logger.warn(`Could not roll back worktree ${plan.path}: ${errorMessage(error)}`);
    }
  }
}
