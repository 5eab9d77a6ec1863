/**
 * How wide, in character columns, the longest line on each side of a split diff is: the width
 * each side's horizontal scroller must cover. Tabs count to the next tab stop, as `white-space:
 * pre` draws them.
 */
import type { DiffLine, DiffRow } from './diff-rows';

export const TAB_SIZE = 8;

export interface SideColumns {
  old: number;
  new: number;
}

export function displayColumns(text: string): number {
  if (!text.includes('\t')) return text.length;
  let column = 0;
  for (const ch of text) column = ch === '\t' ? column + TAB_SIZE - (column % TAB_SIZE) : column + 1;
  return column;
}

export function splitColumns(rows: readonly DiffRow[]): SideColumns {
  const widest = { old: 0, new: 0 };
  const measure = (line: DiffLine | null, side: keyof SideColumns) => {
    if (line) widest[side] = Math.max(widest[side], displayColumns(line.text));
  };
  for (const row of rows) {
    if (row.kind !== 'split') continue;
    measure(row.left, 'old');
    measure(row.right, 'new');
  }
  return widest;
}
