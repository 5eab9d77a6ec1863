/**
 * `merge --check`: each thread's work (its worktree snapshotted, or its branch when the worktree
 * is gone) checked against the base and against each other, without touching any checkout or ref.
 * Everything here only reads (and writes unreferenced objects), so the caller's signal stops it
 * at any point. Few git processes: one `cat-file` resolves every thread's HEAD from the repository
 * (`worktrees/<id>/HEAD`), the snapshots need no identity lookup, and work runs side by side.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { ConflictMatrix } from '../../src-shared/protocol/api-review';
import { snapshotCommit, type WorktreeRevs } from './checkpoint-snapshot';
import { bothSettled, mapLimit } from './concurrency';
import { matrixFrom, type KnownClean, type MatrixHead } from './merge-matrix';
import { snapshotChanges, surelyClean, type ForkedSnapshot } from './merge-shortcut';
import { missingBaseMessage, resolveMergeTarget } from './merge-target';
import { resolveRevs } from './refs';
import { pinnedGitDir } from './trusted-worktrees';

export interface CheckedThread {
  id: string;
  worktree: string;
  branch: string;
  /** The message of the snapshot commit (it is never put on a branch). */
  message: string;
}

/** The snapshots are compared, never kept, so whose name is on them does not matter. */
const CHECK_IDENTITY = {
  GIT_AUTHOR_NAME: 'Flotilla',
  GIT_AUTHOR_EMAIL: 'flotilla@localhost',
  GIT_COMMITTER_NAME: 'Flotilla',
  GIT_COMMITTER_EMAIL: 'flotilla@localhost',
};

type Source = { kind: 'worktree'; revs: string[] | null } | { kind: 'branch'; rev: string };

async function sourceOf(thread: CheckedThread): Promise<Source> {
  if (!existsSync(thread.worktree)) return { kind: 'branch', rev: `refs/heads/${thread.branch}` };
  // An untrusted worktree gets no shortcut: its own snapshot then fails the way runGit says.
  const pinned = await pinnedGitDir(thread.worktree).catch(() => null);
  const id = pinned ? basename(pinned.gitDir) : null;
  return { kind: 'worktree', revs: id ? [`worktrees/${id}/HEAD`, `worktrees/${id}/MERGE_HEAD`, `worktrees/${id}/HEAD^{tree}`] : null };
}

export async function checkThreads(
  repo: string,
  baseBranch: string,
  threads: CheckedThread[],
  signal?: AbortSignal,
): Promise<{ matrix: ConflictMatrix; heads: MatrixHead[] }> {
  const sources = await Promise.all(threads.map(sourceOf));
  const wanted = sources.flatMap((s) => (s.kind === 'branch' ? [s.rev] : (s.revs ?? [])));
  const [target, resolved] = await bothSettled(resolveMergeTarget(repo, baseBranch, signal), resolveRevs(repo, wanted, signal));
  if (!target) throw new Error(missingBaseMessage(repo, baseBranch));
  let next = 0;
  const known = sources.map((s) => {
    const count = s.kind === 'branch' ? 1 : (s.revs?.length ?? 0);
    next += count;
    return resolved.slice(next - count, next);
  });
  // A few threads at a time, each running a couple of git processes side by side.
  const snapshots = await mapLimit(threads, async (thread, i): Promise<{ commit: string | null; forked: ForkedSnapshot | null }> => {
    const source = sources[i]!;
    if (source.kind === 'branch') return { commit: known[i]![0] ?? null, forked: null };
    const revs = source.revs ? (known[i] as WorktreeRevs) : undefined;
    const { commit, tree } = await snapshotCommit(thread.worktree, thread.message, signal, { identity: CHECK_IDENTITY, revs });
    const [fork, mergeHead, forkTree] = revs ?? [null, null, null];
    // Its only parent is the fork (or it is the fork itself, when nothing changed).
    return { commit, forked: fork && forkTree && !mergeHead ? { fork, forkTree, tree } : null };
  }, 3);
  const heads = threads.flatMap((thread, i) => (snapshots[i]!.commit ? [{ id: thread.id, commit: snapshots[i]!.commit! }] : []));
  const knownClean = await cleanCells(repo, target.start, heads, new Map(threads.map((t, i) => [t.id, snapshots[i]!.forked])), signal);
  return { matrix: await matrixFrom(repo, baseBranch, target.start, heads, signal, knownClean), heads };
}

async function cleanCells(repo: string, base: string, heads: MatrixHead[], forks: Map<string, ForkedSnapshot | null>, signal?: AbortSignal): Promise<KnownClean> {
  const forked = heads.flatMap((h) => forks.get(h.id) ?? []);
  const changes = await snapshotChanges(repo, forked, signal);
  const of = (head: MatrixHead): { fork: string; changes: ReturnType<typeof changes.get> } | null => {
    const f = forks.get(head.id);
    return f ? { fork: f.fork, changes: changes.get(`${f.forkTree} ${f.tree}`) } : null;
  };
  return (a, b) => {
    const right = of(b);
    if (!right) return false;
    if (a === null) return right.fork === base;
    const left = of(a);
    return !!left?.changes && !!right.changes && left.fork === right.fork && surelyClean(left.changes, right.changes);
  };
}
