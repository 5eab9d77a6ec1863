import { describe, expect, it } from 'vitest';
import type { ConflictMatrix } from '../../src-shared/protocol/api-review';
import { compatibleSet, pairConflicts } from './merge-plan';

const matrix: ConflictMatrix = {
  baseBranch: 'main',
  againstBase: [
    { threadId: 'a', conflicts: [] },
    { threadId: 'b', conflicts: [] },
    { threadId: 'c', conflicts: [] },
    { threadId: 'd', conflicts: ['x.ts'] },
  ],
  pairs: [
    { a: 'a', b: 'b', conflicts: ['README.md'] },
    { a: 'a', b: 'c', conflicts: [] },
  ],
};

describe('merge plan', () => {
  it('looks a pair up in either order', () => {
    expect(pairConflicts(matrix, 'b', 'a')).toEqual(['README.md']);
    expect(pairConflicts(matrix, 'a', 'c')).toEqual([]);
  });

  it('skips threads that conflict with the base or with one already chosen', () => {
    expect(compatibleSet(matrix, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c']);
    expect(compatibleSet(matrix, ['b', 'a', 'c'])).toEqual(['b', 'c']);
  });
});
