import { describe, expect, it } from 'vitest';
import { add, ctx, del, diffFile, largeDiff } from '../test-support/diff-fixtures';
import { buildRows, pairLines, rowAt, rowOffsets, visibleWindow, type PendingComment } from './diff-rows';

const diff = { baseCommit: 'b', files: [diffFile('a.ts', [ctx('x', 1, 1), del('old', 2), add('new', 2), add('more', 3)])] };

describe('buildRows', () => {
  it('lays out a file header, a hunk header and one row per line in unified mode', () => {
    const rows = buildRows(diff, { mode: 'unified', comments: [], editing: null });
    expect(rows.map((r) => r.kind)).toEqual(['file', 'hunk', 'line', 'line', 'line', 'line']);
  });

  it('pairs deletions with the additions after them in split mode', () => {
    const rows = buildRows(diff, { mode: 'split', comments: [], editing: null });
    expect(rows.map((r) => r.kind)).toEqual(['file', 'hunk', 'split', 'split', 'split']);
    const pairs = pairLines(diff.files[0]!.hunks[0]!.lines);
    expect(pairs.map(([l, r]) => [l?.text ?? null, r?.text ?? null])).toEqual([
      ['x', 'x'],
      ['old', 'new'],
      [null, 'more'],
    ]);
  });

  it('puts pending comments and the open editor after the line they point at, on the right side', () => {
    const comment: PendingComment = { id: 1, path: 'a.ts', side: 'old', line: 2, body: 'why?' };
    const rows = buildRows(diff, { mode: 'unified', comments: [comment], editing: { path: 'a.ts', side: 'new', line: 3 } });
    expect(rows.map((r) => r.kind)).toEqual(['file', 'hunk', 'line', 'line', 'comment', 'line', 'line', 'editor']);
  });

  it('shows a note instead of lines for binary files, and only the header for folded files', () => {
    const binary = { baseCommit: 'b', files: [diffFile('img.png', [], { binary: true, hunks: [] }), diff.files[0]!] };
    const rows = buildRows(binary, { mode: 'unified', comments: [], editing: null, collapsed: new Set(['a.ts']) });
    expect(rows.map((r) => r.kind)).toEqual(['file', 'note', 'file']);
  });
});

describe('virtual window', () => {
  const rows = buildRows(largeDiff(300, 67), { mode: 'unified', comments: [], editing: null });
  const offsets = rowOffsets(rows);

  it('draws only the rows in view plus the overscan, wherever the scroll is', () => {
    expect(rows.length).toBeGreaterThan(20_000);
    const top = visibleWindow(offsets, 0, 600, 20, 5);
    expect(top.start).toBe(0);
    expect(top.end).toBeLessThan(40);
    const middle = visibleWindow(offsets, 200_000, 600, 20, 5);
    expect(middle.end - middle.start).toBeLessThan(45);
    expect(offsets[middle.start]! * 20).toBeLessThanOrEqual(200_000);
    expect(offsets[middle.end]! * 20).toBeGreaterThanOrEqual(200_600);
  });

  it('clamps past the end and handles an empty diff', () => {
    const total = offsets[rows.length]! * 20;
    const end = visibleWindow(offsets, total + 5000, 600, 20, 5);
    expect(end.end).toBe(rows.length);
    expect(visibleWindow(rowOffsets([]), 0, 600, 20, 5)).toEqual({ start: 0, end: 0 });
  });

  it('finds the row containing a unit, counting taller rows', () => {
    const small = rowOffsets(buildRows(diff, { mode: 'unified', comments: [], editing: null }));
    expect(Array.from(small)).toEqual([0, 2, 3, 4, 5, 6, 7]);
    expect(rowAt(small, 0)).toBe(0);
    expect(rowAt(small, 1.5)).toBe(0);
    expect(rowAt(small, 2)).toBe(1);
    expect(rowAt(small, 99)).toBe(5);
  });
});
