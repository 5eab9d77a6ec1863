import { describe, expect, it } from 'vitest';
import { add, ctx, del, diffFile } from '../test-support/diff-fixtures';
import { displayColumns, splitColumns } from './diff-columns';
import { buildRows } from './diff-rows';

describe('split diff columns', () => {
  it('counts tabs to the next tab stop', () => {
    expect(displayColumns('abc')).toBe(3);
    expect(displayColumns('\tx')).toBe(9);
    expect(displayColumns('ab\tx')).toBe(9);
    expect(displayColumns('12345678\t')).toBe(16);
  });

  it('finds the widest line of each side, counting context on both', () => {
    const long = 'x'.repeat(240);
    const diff = { baseCommit: 'b', files: [diffFile('a.ts', [ctx('short', 1, 1), del(long, 2), add('new', 2), add('\t\tindented', 3)])] };
    const rows = buildRows(diff, { mode: 'split', comments: [], editing: null });
    expect(splitColumns(rows)).toEqual({ old: 240, new: 24 });
  });

  it('is zero for a unified layout, which scrolls as a whole', () => {
    const diff = { baseCommit: 'b', files: [diffFile('a.ts', [add('y'.repeat(90), 1)])] };
    expect(splitColumns(buildRows(diff, { mode: 'unified', comments: [], editing: null }))).toEqual({ old: 0, new: 0 });
  });
});
