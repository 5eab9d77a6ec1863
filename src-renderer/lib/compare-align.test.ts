import { describe, expect, it } from 'vitest';
import type { DiffFile, DiffHunk } from '../../src-shared/protocol/api-review';
import { alignFiles, alignHunks } from './compare-align';

function hunk(oldStart: number, oldLines: number, text = `@@ ${oldStart},${oldLines}`): DiffHunk {
  return { header: text, oldStart, oldLines, newStart: oldStart, newLines: oldLines, lines: [] };
}

function file(path: string, hunks: DiffHunk[] = [hunk(1, 1)]): DiffFile {
  return { path, oldPath: null, status: 'modified', binary: false, oldMode: null, newMode: null, additions: 1, deletions: 1, hunks };
}

describe('alignFiles', () => {
  it('lines up the candidates by path, sorted, with a gap where a candidate left a file alone', () => {
    const a = [file('src/b.ts'), file('README.md')];
    const b = [file('src/b.ts'), file('src/c.ts')];
    const aligned = alignFiles([a, b, []]);
    expect(aligned.map((f) => f.path)).toEqual(['README.md', 'src/b.ts', 'src/c.ts']);
    expect(aligned.map((f) => f.cells.map((c) => (c ? c.path : null)))).toEqual([
      ['README.md', null, null],
      ['src/b.ts', 'src/b.ts', null],
      [null, 'src/c.ts', null],
    ]);
  });
});

describe('alignHunks', () => {
  it('puts hunks that touch the same base lines in one row, and the others in rows of their own', () => {
    const a = file('x', [hunk(3, 2, 'a1'), hunk(40, 3, 'a2')]);
    const b = file('x', [hunk(4, 5, 'b1'), hunk(20, 1, 'b2')]);
    const rows = alignHunks([a, b]);
    expect(rows.map((r) => [r.baseStart, r.baseEnd, r.cells.map((c) => c.map((h) => h.header))])).toEqual([
      [3, 8, [['a1'], ['b1']]],
      [20, 20, [[], ['b2']]],
      [40, 42, [['a2'], []]],
    ]);
  });

  it('joins ranges that overlap only through a third candidate', () => {
    const rows = alignHunks([file('x', [hunk(1, 3, 'a')]), file('x', [hunk(3, 4, 'b')]), file('x', [hunk(6, 2, 'c')])]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.cells.map((c) => c.map((h) => h.header))).toEqual([['a'], ['b'], ['c']]);
  });

  it('shares a row between insertions at the same place, and keeps a gap for a candidate without the file', () => {
    const rows = alignHunks([file('x', [hunk(5, 0, 'a')]), null, file('x', [hunk(5, 0, 'c'), hunk(6, 1, 'c2')])]);
    expect(rows.map((r) => r.cells.map((c) => c.map((h) => h.header)))).toEqual([
      [['a'], [], ['c']],
      [[], [], ['c2']],
    ]);
  });

  it('aligns two added files at their first line', () => {
    const added = (h: string) => ({ ...file('new.md', [hunk(0, 0, h)]), status: 'added' as const });
    expect(alignHunks([added('a'), added('b')]).map((r) => r.cells.map((c) => c.length))).toEqual([[1, 1]]);
  });
});
