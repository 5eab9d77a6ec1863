/**
 * The gitdir of each thread worktree, as the repository recorded it, so that the fleet's git
 * calls there never follow the worktree's `.git` file. That file sits in the folder the agent
 * writes; pointed at a gitdir of the agent's own, its config (core.fsmonitor, hooks, filters...)
 * would run the agent's programs in the server process on the next checkpoint or diff.
 *
 * runGit looks up its cwd here and, inside a trusted worktree, sets GIT_DIR and GIT_WORK_TREE, which
 * make git ignore `.git` entirely.
 *
 * Registration:
 * - createWorktree (worktree.ts) trusts each worktree it creates, and removeWorktree forgets it.
 * - The fleet calls `trustWorktreeOf(repoRoot, worktreePath)` for every thread it restores from
 *   its log (thread-registry.ts), and must for any worktree it adopts by other means. It is
 *   synchronous and cannot fail: the gitdir is looked up at the first git call in that worktree,
 *   which fails (GitError, not a fallback to the `.git` file) if the repository has no such worktree.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface PinnedGitDir {
  gitDir: string;
  workTree: string;
}

interface TrustedWorktree {
  workTree: string;
  /** Known at creation; for restored threads found lazily from the repository's metadata. */
  gitDir: string | null;
  repoRoot: string | null;
}

const trusted = new Map<string, TrustedWorktree>();

/** Both the path as given and its real path, so a cwd spelled either way is found. */
function keysFor(path: string): string[] {
  const keys = new Set([resolve(path)]);
  try {
    keys.add(realpathSync(path));
  } catch {
    // Not there (yet): the resolved spelling is all there is.
  }
  return [...keys];
}

function register(worktreePath: string, entry: TrustedWorktree): void {
  for (const key of keysFor(worktreePath)) trusted.set(key, entry);
}

/** Trusts a worktree whose gitdir (`<repo>/.git/worktrees/<id>`) the caller knows. */
export function trustWorktree(worktreePath: string, gitDir: string): void {
  register(worktreePath, { workTree: resolve(worktreePath), gitDir: resolve(gitDir), repoRoot: null });
}

/**
 * Trusts an existing worktree of `repoRoot` (a restored thread's). Its gitdir is read from the
 * repository's own worktree records, never from the worktree's `.git` file.
 */
export function trustWorktreeOf(repoRoot: string, worktreePath: string): void {
  register(worktreePath, { workTree: resolve(worktreePath), gitDir: null, repoRoot: resolve(repoRoot) });
}

export function forgetWorktree(worktreePath: string): void {
  for (const key of keysFor(worktreePath)) trusted.delete(key);
}

/**
 * The trusted worktree that holds `cwd` (the worktree itself or a folder inside it), if any, by
 * the path as given or, failing that, by its real path (a cwd reached through a symlink).
 */
function trustedFor(cwd: string): TrustedWorktree | null {
  const found = enclosing(resolve(cwd));
  if (found || trusted.size === 0) return found;
  try {
    return enclosing(realpathSync(cwd));
  } catch {
    return null;
  }
}

function enclosing(path: string): TrustedWorktree | null {
  for (let dir = path; ; dir = dirname(dir)) {
    const entry = trusted.get(dir);
    if (entry) return entry;
    if (dirname(dir) === dir) return null;
  }
}

export class UntrustedWorktreeError extends Error {
  override readonly name = 'UntrustedWorktreeError';
}

/** GIT_DIR and GIT_WORK_TREE for a git call in `cwd`, or null outside every trusted worktree. */
export async function pinnedGitDir(cwd: string): Promise<PinnedGitDir | null> {
  const entry = trustedFor(cwd);
  if (!entry) return null;
  if (entry.gitDir === null && entry.repoRoot !== null) {
    // A repository that is gone or unreadable has no record of the worktree either.
    const found = await worktreeGitDir(entry.repoRoot, entry.workTree).catch(() => null);
    if (!found) {
      throw new UntrustedWorktreeError(
        `${entry.workTree} is not a worktree of ${entry.repoRoot} any more (the repository has no record of it), so Flotilla will not run git there.`,
      );
    }
    entry.gitDir = found;
  }
  return entry.gitDir ? { gitDir: entry.gitDir, workTree: entry.workTree } : null;
}

/**
 * The repository's common git dir, from its top level. Read from the file system like git does:
 * `.git` is the folder, or (for a repository that is itself a linked worktree) a file naming its
 * gitdir, whose `commondir` names the shared one. The user's checkout is trusted; only thread
 * worktrees are the agents'.
 */
export async function commonGitDir(repoRoot: string): Promise<string> {
  const dotGit = join(repoRoot, '.git');
  if ((await stat(dotGit)).isDirectory()) return realpath(dotGit);
  const gitDir = parseGitFile(await readFile(dotGit, 'utf8'), repoRoot);
  const common = await readFile(join(gitDir, 'commondir'), 'utf8').catch(() => null);
  return realpath(common === null ? gitDir : resolve(gitDir, common.trim()));
}

function parseGitFile(content: string, dir: string): string {
  const match = /^gitdir: (.+)$/m.exec(content);
  if (!match) throw new Error(`${join(dir, '.git')} is neither a folder nor a "gitdir:" file.`);
  return resolve(dir, match[1]!.trim());
}

/**
 * The gitdir git keeps for `worktreePath` under `<common>/worktrees/<id>`: the one whose `gitdir`
 * file points back at `<worktreePath>/.git`. These are the records `git worktree list` reads; they
 * live in the repository's `.git`, which an agent cannot write.
 */
export async function worktreeGitDir(repoRoot: string, worktreePath: string): Promise<string | null> {
  const adminRoot = join(await commonGitDir(repoRoot), 'worktrees');
  const wanted = await realpath(worktreePath).catch(() => resolve(worktreePath));
  const ids = await readdir(adminRoot).catch(() => [] as string[]);
  for (const id of ids) {
    const adminDir = join(adminRoot, id);
    const pointer = await readFile(join(adminDir, 'gitdir'), 'utf8').catch(() => null);
    if (pointer === null) continue;
    // The pointer names `<worktree>/.git`; compare the folders, as `.git` itself is the agent's.
    const folder = dirname(resolve(adminDir, pointer.trim()));
    const real = await realpath(folder).catch(() => folder);
    if (real === wanted || real === resolve(worktreePath)) return adminDir;
  }
  return null;
}

/** For tests and diagnostics: whether `cwd` is inside a trusted worktree. */
export function isTrusted(cwd: string): boolean {
  return trustedFor(cwd) !== null;
}
