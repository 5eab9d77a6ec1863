/** The conflict matrix: each head against the current base, and each pair against each other. */
import type { ConflictMatrix } from '../../src-shared/protocol/api-review';
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
  const base = target.start;
  const againstBase: ConflictMatrix['againstBase'] = [];
  for (const head of heads) {
    againstBase.push({ threadId: head.id, conflicts: (await mergeTrees(repo, base, head.commit, signal)).conflicts });
  }
  const pairs: ConflictMatrix['pairs'] = [];
  for (let i = 0; i < heads.length; i += 1) {
    for (let j = i + 1; j < heads.length; j += 1) {
      const [a, b] = [heads[i]!, heads[j]!];
      pairs.push({ a: a.id, b: b.id, conflicts: (await mergeTrees(repo, a.commit, b.commit, signal)).conflicts });
    }
  }
  return { baseBranch, againstBase, pairs };
}
