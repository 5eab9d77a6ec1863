/**
 * Snapshots of a worktree as git objects, built in a temporary index so the worktree's own index,
 * HEAD and files are never touched. Tracked, modified and untracked files are included, with
 * .gitignore applied, exactly as `git add --all` would see them.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bothSettled } from './concurrency';
import { runGit } from './git';
import { resolveRevs } from './refs';
import { pinnedGitDir } from './trusted-worktrees';

/** The worktree's index file: in a thread's worktree known from its pinned gitdir, else asked of git. */
async function indexPath(worktree: string, signal?: AbortSignal): Promise<string> {
  const pinned = await pinnedGitDir(worktree).catch(() => null);
  if (pinned && resolve(pinned.workTree) === resolve(worktree)) return join(pinned.gitDir, 'index');
  const { stdout } = await runGit(worktree, ['rev-parse', '--git-path', 'index'], { signal });
  return resolve(worktree, stdout.trim());
}

/** Runs `task` with a private index file seeded from the worktree's index (for its stat cache). */
export async function withTempIndex<T>(worktree: string, task: (env: Record<string, string>) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  try {
    const seeded = await copyFile(await indexPath(worktree, signal), env.GIT_INDEX_FILE).then(
      () => true,
      () => false,
    );
    // Without a seed, start from HEAD so files that are tracked but ignored stay in the snapshot.
    if (!seeded) await runGit(worktree, ['read-tree', 'HEAD'], { env, signal });
    return await task(env);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Adds everything to the given (temporary) index, as `git add --all` would, and writes it as a tree.
 *
 * Not `git add --all` itself: for every nested repository in the index (a submodule, or one the
 * agent made), it runs `git status` inside it, which reads that repository's own config, the
 * agent's to write: its filters would run in the server. `ls-files` + `update-index` record the
 * same changes (nested repositories as gitlinks, by their HEAD) without starting git in them.
 * `--replace` lets a file become a folder and back, in whatever order the paths come.
 */
export async function writeWorktreeTree(worktree: string, env: Record<string, string>, signal?: AbortSignal): Promise<string> {
  const changed = await runGit(worktree, ['ls-files', '-z', '--modified', '--deleted', '--others', '--exclude-standard'], { env, signal });
  const paths = [...new Set(changed.stdout.split('\0').filter((p) => p.length > 0).map((p) => p.replace(/\/$/, '')))];
  if (paths.length > 0) {
    await runGit(worktree, ['update-index', '--add', '--remove', '--replace', '-z', '--stdin'], { env, signal, input: paths.map((p) => `${p}\0`).join('') });
  }
  const { stdout } = await runGit(worktree, ['write-tree'], { env, signal });
  return stdout.trim();
}

/** The tree of the worktree as it is on disk right now. */
export async function snapshotTree(worktree: string, signal?: AbortSignal): Promise<string> {
  return withTempIndex(worktree, (env) => writeWorktreeTree(worktree, env, signal), signal);
}

export { revParse } from './refs';

/**
 * The identity for commits Flotilla makes: the user's own when git knows it, otherwise a neutral
 * one, so a fresh machine without user.name can still merge.
 */
export async function commitIdentityEnv(cwd: string, signal?: AbortSignal): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  // One `config --list` instead of two lookups.
  const { stdout } = await runGit(cwd, ['config', '--list', '-z'], { signal });
  const values = new Map<string, string>();
  for (const entry of stdout.split('\0')) {
    const newline = entry.indexOf('\n');
    if (newline > 0) values.set(entry.slice(0, newline).toLowerCase(), entry.slice(newline + 1));
  }
  if (!values.get('user.name')?.trim()) Object.assign(env, { GIT_AUTHOR_NAME: 'Flotilla', GIT_COMMITTER_NAME: 'Flotilla' });
  if (!values.get('user.email')?.trim()) {
    Object.assign(env, { GIT_AUTHOR_EMAIL: 'flotilla@localhost', GIT_COMMITTER_EMAIL: 'flotilla@localhost' });
  }
  return env;
}

/** The worktree's HEAD, MERGE_HEAD and HEAD's tree, each null when there is none. */
export type WorktreeRevs = [head: string | null, mergeHead: string | null, headTree: string | null];

/** What a caller snapshotting many worktrees of one repository asked git once for all of them. */
export interface KnownToCaller {
  identity?: Record<string, string>;
  revs?: WorktreeRevs;
}

/** A commit of the worktree as it is on disk; refs are not moved. A merge in progress adds MERGE_HEAD as a parent. */
export async function snapshotCommit(
  worktree: string,
  message: string,
  signal?: AbortSignal,
  known: KnownToCaller = {},
): Promise<{ commit: string; tree: string; changed: boolean }> {
  // The tree and the revisions do not depend on each other: asked of git side by side.
  const revs = known.revs ?? (resolveRevs(worktree, ['HEAD', 'MERGE_HEAD', 'HEAD^{tree}'], signal) as Promise<WorktreeRevs>);
  const [tree, [head, mergeHead, headTree]] = await bothSettled(snapshotTree(worktree, signal), Promise.resolve(revs));
  if (head && headTree === tree && !mergeHead) return { commit: head, tree, changed: false };
  const parents = [head, mergeHead].flatMap((p) => (p ? ['-p', p] : []));
  const env = known.identity ?? (await commitIdentityEnv(worktree, signal));
  const { stdout } = await runGit(worktree, ['commit-tree', tree, ...parents, '-m', message], { env, signal });
  return { commit: stdout.trim(), tree, changed: true };
}
