/**
 * Best-of-N diffs side by side: the candidates' files lined up by path (a file one candidate did
 * not touch is a gap in its column), and within a file the hunks lined up where they touch the
 * same lines of the base. Each candidate's hunks are placed by the base lines they replace
 * (oldStart, oldLines); hunks of different candidates whose ranges overlap, directly or through a
 * third, fall in one row, so the same place in the file is at the same height in every column.
 */
import type { DiffFile, DiffHunk } from '../../src-shared/protocol/api-review';

export interface AlignedFile {
  path: string;
  /** One entry per candidate, in the candidates' order; null where that candidate left the file alone. */
  cells: Array<DiffFile | null>;
}

export interface HunkRow {
  /** The base lines this row covers, 1-based and inclusive (start > end for pure insertions at start). */
  baseStart: number;
  baseEnd: number;
  /** Per candidate, its hunks in this row (empty: it changed nothing here). */
  cells: DiffHunk[][];
}

/** Every path any candidate changed, sorted, with each candidate's file or a gap. */
export function alignFiles(candidates: ReadonlyArray<readonly DiffFile[]>): AlignedFile[] {
  const paths = new Set<string>();
  for (const files of candidates) for (const file of files) paths.add(file.path);
  return [...paths]
    .sort((a, b) => a.localeCompare(b))
    .map((path) => ({ path, cells: candidates.map((files) => files.find((f) => f.path === path) ?? null) }));
}

/** The base range a hunk replaces; an insertion (oldLines 0) sits after line oldStart. */
function baseRange(hunk: DiffHunk): { start: number; end: number } {
  if (hunk.oldLines === 0) return { start: hunk.oldStart + 0.5, end: hunk.oldStart + 0.5 };
  return { start: hunk.oldStart, end: hunk.oldStart + hunk.oldLines - 1 };
}

/** Groups the candidates' hunks of one file into rows of overlapping base ranges, top to bottom. */
export function alignHunks(cells: ReadonlyArray<DiffFile | null>): HunkRow[] {
  const placed = cells.flatMap((file, candidate) => (file?.hunks ?? []).map((hunk) => ({ candidate, hunk, ...baseRange(hunk) })));
  placed.sort((a, b) => a.start - b.start || a.end - b.end || a.candidate - b.candidate);
  const rows: Array<HunkRow & { reach: number }> = [];
  for (const p of placed) {
    const last = rows.at(-1);
    // Touching counts as overlapping only when both sides replace lines: two insertions at the same spot also share a row.
    if (last && p.start <= last.reach) {
      last.cells[p.candidate]?.push(p.hunk);
      last.reach = Math.max(last.reach, p.end);
      last.baseEnd = Math.floor(last.reach);
      continue;
    }
    const row = { baseStart: Math.ceil(p.start), baseEnd: Math.floor(p.end), reach: p.end, cells: cells.map(() => [] as DiffHunk[]) };
    row.cells[p.candidate]?.push(p.hunk);
    rows.push(row);
  }
  return rows.map(({ baseStart, baseEnd, cells: rowCells }) => ({ baseStart, baseEnd, cells: rowCells }));
}
