/**
 * Parses git's diff output into the contract's DiffFile: `--raw -z` gives each file's status,
 * modes and (unquoted) paths; the unified patch, in the same order, gives hunks with numbered lines.
 */
import type { DiffFile, DiffHunk } from '../../src-shared/protocol/api-review';

export interface RawEntry {
  status: DiffFile['status'];
  oldMode: string | null;
  newMode: string | null;
  oldPath: string | null;
  path: string;
}

const STATUS: Record<string, DiffFile['status']> = {
  A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'typechange',
};

function mode(value: string | undefined): string | null {
  return !value || /^0+$/.test(value) ? null : value;
}

/** `:old new oldsha newsha S[score]\0path\0[path2\0]` records. */
export function parseRaw(output: string): RawEntry[] {
  const fields = output.split('\0');
  const entries: RawEntry[] = [];
  let at = 0;
  while (at < fields.length) {
    const header = fields[at++] ?? '';
    if (!header.startsWith(':')) continue;
    const [oldMode, newMode, , , code = 'M'] = header.slice(1).split(' ');
    const letter = code.charAt(0);
    const first = fields[at++] ?? '';
    const twoPaths = letter === 'R' || letter === 'C';
    const second = twoPaths ? (fields[at++] ?? '') : null;
    entries.push({
      status: STATUS[letter] ?? 'modified',
      oldMode: mode(oldMode),
      newMode: mode(newMode),
      oldPath: twoPaths ? first : null,
      path: second ?? first,
    });
  }
  return entries;
}

/** One file's section of a unified patch: hunks, binary flag and the raw hunk text (for revert). */
export interface PatchSection {
  binary: boolean;
  hunks: DiffHunk[];
  /** Each hunk's exact text, header included, as git printed it. */
  hunkTexts: string[];
}

/** Splits a multi-file patch at its `diff --git` lines; hunk lines never start with "d". */
export function splitPatch(patch: string): string[][] {
  const sections: string[][] = [];
  let current: string[] | null = null;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = [];
      sections.push(current);
    } else if (current) {
      current.push(line);
    }
  }
  return sections;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseSection(lines: readonly string[]): PatchSection {
  const section: PatchSection = { binary: false, hunks: [], hunkTexts: [] };
  let hunk: DiffHunk | null = null;
  let text: string[] = [];
  let oldNo = 0;
  let newNo = 0;
  const close = (): void => {
    if (hunk) section.hunkTexts.push(`${text.join('\n')}\n`);
  };
  for (const line of lines) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      close();
      oldNo = Number(header[1]);
      newNo = Number(header[3]);
      hunk = {
        header: line, oldStart: oldNo, oldLines: Number(header[2] ?? 1),
        newStart: newNo, newLines: Number(header[4] ?? 1), lines: [],
      };
      section.hunks.push(hunk);
      text = [line];
      continue;
    }
    if (!hunk) {
      if (line.startsWith('Binary files ') || line === 'GIT binary patch') section.binary = true;
      continue;
    }
    const kind = line.charAt(0);
    if (kind === '+') hunk.lines.push({ kind: 'add', text: line.slice(1), oldNo: null, newNo: newNo++ });
    else if (kind === '-') hunk.lines.push({ kind: 'del', text: line.slice(1), oldNo: oldNo++, newNo: null });
    else if (kind === ' ') hunk.lines.push({ kind: 'context', text: line.slice(1), oldNo: oldNo++, newNo: newNo++ });
    else if (kind !== '\\') continue;
    text.push(line);
  }
  close();
  return section;
}

export function countLines(hunks: readonly DiffHunk[]): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.kind === 'add') additions += 1;
      else if (line.kind === 'del') deletions += 1;
    }
  }
  return { additions, deletions };
}
