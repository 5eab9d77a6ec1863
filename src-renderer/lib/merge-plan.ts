/** Reading a conflict matrix: cell lookups and the default set of threads that merge cleanly together. */
import type { ConflictMatrix } from '../../src-shared/protocol/api-review';

/** The files two threads both change in conflicting ways (order of the pair does not matter). */
export function pairConflicts(matrix: ConflictMatrix, a: string, b: string): string[] {
  const pair = matrix.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  return pair?.conflicts ?? [];
}

export function baseConflicts(matrix: ConflictMatrix, threadId: string): string[] {
  return matrix.againstBase.find((r) => r.threadId === threadId)?.conflicts ?? [];
}

/**
 * Greedily, in the given order, the threads that conflict neither with the base nor with any
 * thread already chosen: a train of these merges without stopping.
 */
export function compatibleSet(matrix: ConflictMatrix, order: readonly string[]): string[] {
  const chosen: string[] = [];
  for (const id of order) {
    if (baseConflicts(matrix, id).length > 0) continue;
    if (chosen.some((other) => pairConflicts(matrix, id, other).length > 0)) continue;
    chosen.push(id);
  }
  return chosen;
}
