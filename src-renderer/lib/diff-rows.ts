/**
 * Flattens a thread diff into the rows the virtualized diff view draws: a header per file, a header
 * per hunk, then one row per line (unified) or per old/new pair (split), with pending review
 * comments and the open comment box inserted after the line they belong to.
 */
import type { DiffFile, ReviewComment, ThreadDiff } from '../../src-shared/protocol/api-review';

export type DiffLine = DiffFile['hunks'][number]['lines'][number];
export type CommentSide = ReviewComment['side'];
export type ViewMode = 'unified' | 'split';

/** Where a review comment points: a file, a side and a line number on that side. */
export interface LineAnchor {
  path: string;
  side: CommentSide;
  line: number;
}

export interface PendingComment extends LineAnchor {
  id: number;
  body: string;
}

export type DiffRow =
  | { kind: 'file'; fileIndex: number }
  | { kind: 'hunk'; fileIndex: number; hunkIndex: number; header: string }
  | { kind: 'line'; fileIndex: number; line: DiffLine }
  | { kind: 'split'; fileIndex: number; left: DiffLine | null; right: DiffLine | null }
  | { kind: 'note'; fileIndex: number; text: string }
  | { kind: 'comment'; fileIndex: number; comment: PendingComment }
  | { kind: 'editor'; fileIndex: number; anchor: LineAnchor };

/** Row heights in units of the base row height; comment rows are taller. */
export function rowUnits(row: DiffRow): number {
  if (row.kind === 'file') return 2;
  if (row.kind === 'comment') return 3;
  if (row.kind === 'editor') return 6;
  return 1;
}

/** The anchor a unified line's gutter click comments on: deleted lines on the old side. */
export function anchorOf(path: string, line: DiffLine): LineAnchor | null {
  if (line.kind === 'del') return line.oldNo === null ? null : { path, side: 'old', line: line.oldNo };
  return line.newNo === null ? null : { path, side: 'new', line: line.newNo };
}

export function sameAnchor(a: LineAnchor, b: LineAnchor): boolean {
  return a.path === b.path && a.side === b.side && a.line === b.line;
}

interface BuildOptions {
  mode: ViewMode;
  comments: readonly PendingComment[];
  editing: LineAnchor | null;
  /** Files whose body is folded: only their header row is drawn. */
  collapsed?: ReadonlySet<string>;
}

export function buildRows(diff: ThreadDiff, options: BuildOptions): DiffRow[] {
  const rows: DiffRow[] = [];
  diff.files.forEach((file, fileIndex) => {
    rows.push({ kind: 'file', fileIndex });
    if (options.collapsed?.has(file.path)) return;
    if (file.binary) rows.push({ kind: 'note', fileIndex, text: 'Binary file not shown' });
    else if (file.hunks.length === 0) rows.push({ kind: 'note', fileIndex, text: noteForEmpty(file) });
    const extras = (anchors: LineAnchor[]) => extraRows(fileIndex, anchors, options);
    file.hunks.forEach((hunk, hunkIndex) => {
      rows.push({ kind: 'hunk', fileIndex, hunkIndex, header: hunk.header });
      if (options.mode === 'unified') {
        for (const line of hunk.lines) {
          rows.push({ kind: 'line', fileIndex, line });
          const anchor = anchorOf(file.path, line);
          if (anchor) rows.push(...extras([anchor]));
        }
      } else {
        for (const [left, right] of pairLines(hunk.lines)) {
          rows.push({ kind: 'split', fileIndex, left, right });
          rows.push(...extras(splitAnchors(file.path, left, right)));
        }
      }
    });
  });
  return rows;
}

function noteForEmpty(file: DiffFile): string {
  if (file.oldMode !== file.newMode) return 'Mode change only';
  if (file.status === 'renamed' || file.status === 'copied') return 'Content unchanged';
  return 'Empty file';
}

function splitAnchors(path: string, left: DiffLine | null, right: DiffLine | null): LineAnchor[] {
  const anchors: LineAnchor[] = [];
  if (left && left.oldNo !== null && left.kind === 'del') anchors.push({ path, side: 'old', line: left.oldNo });
  if (right && right.newNo !== null) anchors.push({ path, side: 'new', line: right.newNo });
  return anchors;
}

function extraRows(fileIndex: number, anchors: LineAnchor[], options: BuildOptions): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const anchor of anchors) {
    for (const comment of options.comments) {
      if (sameAnchor(comment, anchor)) rows.push({ kind: 'comment', fileIndex, comment });
    }
    if (options.editing && sameAnchor(options.editing, anchor)) rows.push({ kind: 'editor', fileIndex, anchor });
  }
  return rows;
}

/**
 * Side-by-side pairs for one hunk: context lines sit on both sides; a run of deletions is paired
 * with the run of additions that follows it, the shorter side padded with blanks.
 */
export function pairLines(lines: readonly DiffLine[]): Array<[DiffLine | null, DiffLine | null]> {
  const pairs: Array<[DiffLine | null, DiffLine | null]> = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as DiffLine;
    if (line.kind === 'context') {
      pairs.push([line, line]);
      i++;
      continue;
    }
    const dels: DiffLine[] = [];
    const adds: DiffLine[] = [];
    while (i < lines.length && lines[i]?.kind === 'del') dels.push(lines[i++] as DiffLine);
    while (i < lines.length && lines[i]?.kind === 'add') adds.push(lines[i++] as DiffLine);
    for (let k = 0; k < Math.max(dels.length, adds.length); k++) pairs.push([dels[k] ?? null, adds[k] ?? null]);
  }
  return pairs;
}

/** Top offsets (in base-row units) of every row, plus the total as the last entry. */
export function rowOffsets(rows: readonly DiffRow[]): Int32Array {
  const offsets = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = (offsets[i] ?? 0) + rowUnits(rows[i] as DiffRow);
  return offsets;
}

export interface RowWindow {
  /** First row to draw. */
  start: number;
  /** One past the last row to draw. */
  end: number;
}

/**
 * Which rows intersect the viewport, widened by `overscan` rows on each side so a fast scroll does
 * not show blank space before the next frame. `offsets` comes from rowOffsets.
 */
export function visibleWindow(
  offsets: Int32Array,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop) / rowHeight;
  const bottom = (Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight;
  const first = rowAt(offsets, top);
  const last = rowAt(offsets, bottom);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + 1 + overscan) };
}

/** The row containing `unit` (binary search over offsets), clamped to the last row. */
export function rowAt(offsets: Int32Array, unit: number): number {
  const count = offsets.length - 1;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] ?? 0) <= unit) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
