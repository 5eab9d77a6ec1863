/**
 * The conflict matrix: each head against the current base, and each pair against each other. One
 * `git merge-tree` per cell (git 2.39 has no `--stdin` batch), a few at a time: they only read the
 * repository and write unreferenced objects.
 */
import type { ConflictMatrix } from '../../src-shared/protocol/api-review';
import { mapLimit } from './concurrency';
import { missingBaseMessage, resolveMergeTarget } from './merge-target';
import { mergeTrees } from './merge-tree';

export interface MatrixHead {
  id: string;
  commit: string;
}

export async function conflictMatrix(repo: string, baseBranch: string, heads: MatrixHead[], signal?: AbortSignal): Promise<ConflictMatrix> {
  const target = await resolveMergeTarget(repo, baseBranch, signal);
  if (!target) throw new Error(missingBaseMessage(repo, baseBranch));
  // Where the train would start: the branch head, or for a commit base the tip of its merges.
  return matrixFrom(repo, baseBranch, target.start, heads, signal);
}

/** Whether a cell (a null `a` is the base) is known to merge cleanly without asking git. */
export type KnownClean = (a: MatrixHead | null, b: MatrixHead) => boolean;

/** The matrix against `base`, the commit the train would start from. */
export async function matrixFrom(
  repo: string,
  baseBranch: string,
  base: string,
  heads: MatrixHead[],
  signal?: AbortSignal,
  knownClean: KnownClean = () => false,
): Promise<ConflictMatrix> {
  const cells: [MatrixHead | null, MatrixHead][] = heads.map((head) => [null, head]);
  for (let i = 0; i < heads.length; i += 1) {
    for (let j = i + 1; j < heads.length; j += 1) cells.push([heads[i]!, heads[j]!]);
  }
  const conflicts = await mapLimit(cells, async ([a, b]) => (knownClean(a, b) ? [] : (await mergeTrees(repo, a?.commit ?? base, b.commit, signal)).conflicts));
  return {
    baseBranch,
    againstBase: heads.map((head, i) => ({ threadId: head.id, conflicts: conflicts[i]! })),
    pairs: cells.slice(heads.length).map(([a, b], i) => ({ a: a!.id, b: b.id, conflicts: conflicts[heads.length + i]! })),
  };
}
