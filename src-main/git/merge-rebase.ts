/**
 * The rebase strategy: the thread's own commits replayed one by one onto the base, in a
 * throwaway detached worktree so no one's checkout is touched. A conflict aborts the replay and
 * leaves only unreferenced objects behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitIdentityEnv } from './checkpoint-snapshot';
import { runGit } from './git';
import type { StepResult } from './merge';
import { unmergedPaths } from './merge-tree';
import { forgetWorktree } from './trusted-worktrees';
import { trustNewWorktree } from './worktree';

/** Only the throwaway worktree is written, and removed again however it ends, so `signal` may stop it anywhere. */
export async function replayCommits(repo: string, base: string, head: string, signal?: AbortSignal): Promise<StepResult> {
  const { stdout } = await runGit(repo, ['rev-list', '--reverse', '--no-merges', `${base}..${head}`], { signal });
  const commits = stdout.split('\n').filter((c) => c.length > 0);
  if (commits.length === 0) return { ok: true, commit: base };
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-rebase-'));
  const worktree = join(dir, 'wt');
  try {
    await runGit(repo, ['worktree', 'add', '--detach', worktree, base], { signal });
    await trustNewWorktree(repo, worktree);
    const env = await commitIdentityEnv(repo, signal);
    const pick = await runGit(worktree, ['cherry-pick', '--allow-empty', '--keep-redundant-commits', ...commits], {
      env,
      successExitCodes: [0, 1],
      signal,
    });
    if (pick.exitCode !== 0) {
      const conflicts = await unmergedPaths(worktree, signal);
      await runGit(worktree, ['cherry-pick', '--abort'], { successExitCodes: [0, 128] });
      return { ok: false, conflicts };
    }
    const { stdout: tip } = await runGit(worktree, ['rev-parse', 'HEAD'], { signal });
    return { ok: true, commit: tip.trim() };
  } finally {
    await runGit(repo, ['worktree', 'remove', '--force', worktree]).catch(() => undefined);
    forgetWorktree(worktree);
    await rm(dir, { recursive: true, force: true });
    await runGit(repo, ['worktree', 'prune']).catch(() => undefined);
  }
}
