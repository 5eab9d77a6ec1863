/**
 * Applies an Update File's chunks to a file's text in memory. Matching follows Codex's
 * compute_replacements; line endings follow its newer text_file.rs: every existing line keeps its
 * own ending, new lines take the file's first ending, and the result always ends with a newline.
 */
import type { UpdateChunk } from './parse';
import { seekSequence } from './seek-sequence';

type Ending = '\n' | '\r\n';
interface SourceLine {
  text: string;
  ending: Ending | null;
}
/** Replace `oldLength` lines at `start` with `lines`. */
interface Replacement {
  start: number;
  oldLength: number;
  lines: readonly string[];
}

export type UpdateResult = { ok: true; contents: string } | { ok: false; error: string };

export function applyChunks(contents: string, chunks: readonly UpdateChunk[], displayPath: string): UpdateResult {
  const source = splitSource(contents);
  const texts = source.lines.map((line) => line.text);
  const replacements: Replacement[] = [];
  let cursor = 0;
  for (const [i, chunk] of chunks.entries()) {
    const where = `${displayPath} (hunk ${i + 1} of ${chunks.length})`;
    const located = locateChunk(texts, chunk, cursor);
    if ('error' in located) return { ok: false, error: `${located.error} in ${where}${located.detail}` };
    replacements.push(located.replacement);
    cursor = located.cursor;
  }
  return { ok: true, contents: joinSource(source, replacements) };
}

type Located = { replacement: Replacement; cursor: number } | { error: string; detail: string };

function locateChunk(lines: string[], chunk: UpdateChunk, from: number): Located {
  let cursor = from;
  if (chunk.context !== null) {
    const at = seekSequence(lines, [chunk.context], cursor, false);
    if (at < 0) return { error: `Failed to find context '@@ ${chunk.context}'`, detail: '' };
    cursor = at + 1;
  }
  if (chunk.oldLines.length === 0) {
    // Codex appends a pure addition at the end of the file, even after an `@@ header`.
    return { replacement: { start: endInsertionPoint(lines), oldLength: 0, lines: chunk.newLines }, cursor };
  }
  let pattern = chunk.oldLines;
  let replacement = chunk.newLines;
  let at = seekSequence(lines, pattern, cursor, chunk.isEndOfFile);
  // A trailing empty context line usually stands for the file's final newline, which is not a
  // line of its own here; retry without it.
  if (at < 0 && pattern[pattern.length - 1] === '') {
    pattern = pattern.slice(0, -1);
    if (replacement[replacement.length - 1] === '') replacement = replacement.slice(0, -1);
    at = seekSequence(lines, pattern, cursor, chunk.isEndOfFile);
  }
  if (at < 0) {
    const anchor = chunk.isEndOfFile ? ' at the end of the file' : '';
    return { error: `Failed to find expected lines${anchor}`, detail: `:\n${chunk.oldLines.join('\n')}` };
  }
  // As in Codex, the matched region becomes the patch's lines, context lines included: after a
  // loose match the file gets the patch's indentation and punctuation.
  return { replacement: { start: at, oldLength: pattern.length, lines: replacement }, cursor: at + pattern.length };
}

/** Codex inserts before a final empty line, if the file ends with a blank line. */
function endInsertionPoint(lines: string[]): number {
  return lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
}

function splitSource(contents: string): { lines: SourceLine[]; preferred: Ending } {
  const lines: SourceLine[] = [];
  let preferred: Ending | null = null;
  let start = 0;
  for (let nl = contents.indexOf('\n'); nl >= 0; nl = contents.indexOf('\n', start)) {
    const crlf = nl > start && contents[nl - 1] === '\r';
    const ending: Ending = crlf ? '\r\n' : '\n';
    preferred ??= ending; // the first ending wins, as rustfmt and Ruff detect it
    lines.push({ text: contents.slice(start, crlf ? nl - 1 : nl), ending });
    start = nl + 1;
  }
  if (start < contents.length) lines.push({ text: contents.slice(start), ending: null });
  return { lines, preferred: preferred ?? '\n' };
}

function joinSource(source: { lines: SourceLine[]; preferred: Ending }, replacements: Replacement[]): string {
  const lines = source.lines.slice();
  const ordered = replacements.slice().sort((a, b) => a.start - b.start);
  // From the bottom up, so earlier indices stay valid.
  for (const { start, oldLength, lines: added } of ordered.reverse()) {
    const fresh = added.map((text): SourceLine => ({ text, ending: source.preferred }));
    lines.splice(start, oldLength, ...fresh);
  }
  // Updates always end with a newline, which also terminates a last line moved inward.
  return lines.map((line) => line.text + (line.ending ?? source.preferred)).join('');
}
