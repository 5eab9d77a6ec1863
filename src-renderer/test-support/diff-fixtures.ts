/** Builders for diff tests: a file with one hunk, and a large synthetic diff. */
import type { DiffFile, ThreadDiff } from '../../src-shared/protocol/api-review';
import type { DiffLine } from '../lib/diff-rows';

export function diffFile(path: string, lines: DiffLine[], overrides: Partial<DiffFile> = {}): DiffFile {
  const additions = lines.filter((l) => l.kind === 'add').length;
  const deletions = lines.filter((l) => l.kind === 'del').length;
  return {
    path,
    oldPath: null,
    status: 'modified',
    binary: false,
    oldMode: '100644',
    newMode: '100644',
    additions,
    deletions,
    hunks: [{ header: '@@ -1,3 +1,3 @@', oldStart: 1, oldLines: 3, newStart: 1, newLines: 3, lines }],
    ...overrides,
  };
}

export const ctx = (text: string, oldNo: number, newNo: number): DiffLine => ({ kind: 'context', text, oldNo, newNo });
export const add = (text: string, newNo: number): DiffLine => ({ kind: 'add', text, oldNo: null, newNo });
export const del = (text: string, oldNo: number): DiffLine => ({ kind: 'del', text, oldNo, newNo: null });

/** `files` files of `linesPerFile` added lines each: the shape of a big refactor. */
export function largeDiff(files: number, linesPerFile: number): ThreadDiff {
  return {
    baseCommit: 'abc123',
    files: Array.from({ length: files }, (_, f) =>
      diffFile(
        `src/module-${f}.ts`,
        Array.from({ length: linesPerFile }, (_, i) => add(`export const value${i} = ${i}; // line ${i}`, i + 1)),
      ),
    ),
  };
}
