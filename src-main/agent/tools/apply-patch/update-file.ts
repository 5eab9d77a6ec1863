/**
 * Applies an Update File's chunks to a file's text in memory. Matching follows Codex's
 * compute_replacements; line endings follow its newer text_file.rs: every existing line keeps its
 * own ending, new lines take the file's first ending, and the result always ends with a newline.
 * As in Codex 0.169, a context line keeps the file's own text even when it matched loosely, so
 * only the lines the patch adds or removes change.
 */
import type { ChunkLine, UpdateChunk } from './parse';
import { seekSequence } from './seek-sequence';

type Ending = '\n' | '\r\n';
interface SourceLine {
  text: string;
  ending: Ending | null;
}
/** Rewrite the file's lines from `start` on as `lines` say: keep (context), drop (-) or insert (+). */
interface Replacement {
  start: number;
  lines: readonly ChunkLine[];
}

export type UpdateResult = { ok: true; contents: string } | { ok: false; error: string };

export function applyChunks(contents: string, chunks: readonly UpdateChunk[], displayPath: string): UpdateResult {
  const source = splitSource(contents);
  const texts = source.lines.map((line) => line.text);
  const replacements: Replacement[] = [];
  let cursor = 0;
  for (const chunk of chunks) {
    const located = locateChunk(texts, chunk, cursor);
    if ('error' in located) return { ok: false, error: `${located.error} in ${displayPath}${located.detail}` };
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
    if (at < 0) return { error: `Failed to find context '${chunk.context}'`, detail: '' };
    cursor = at + 1;
  }
  if (chunk.oldLines.length === 0) {
    // Codex appends a pure addition at the very end of the file, even after an `@@ header`.
    return { replacement: { start: lines.length, lines: chunk.lines }, cursor };
  }
  let pattern = chunk.oldLines;
  let diff = chunk.lines;
  let at = seekSequence(lines, pattern, cursor, chunk.isEndOfFile);
  // A trailing empty context line usually stands for the file's final newline, which is not a
  // line of its own here; retry without it.
  if (at < 0 && pattern[pattern.length - 1] === '') {
    pattern = pattern.slice(0, -1);
    diff = withoutFinalEmptyLine(diff);
    at = seekSequence(lines, pattern, cursor, chunk.isEndOfFile);
  }
  if (at < 0) return { error: 'Failed to find expected lines', detail: `:\n${chunk.oldLines.join('\n')}` };
  return { replacement: { start: at, lines: diff }, cursor: at + pattern.length };
}

/**
 * Drops the last line the file must hold (context or removed), and with it, as Codex drops the
 * last new line when it is empty too, an empty added line that ends the chunk.
 */
function withoutFinalEmptyLine(diff: readonly ChunkLine[]): ChunkLine[] {
  const out = diff.slice();
  let lastOld = out.length - 1;
  while (lastOld > 0 && (out[lastOld] as ChunkLine).op === '+') lastOld -= 1;
  const dropped = out.splice(lastOld, 1)[0] as ChunkLine;
  const last = out[out.length - 1];
  if (dropped.op === '-' && last?.op === '+' && last.text === '') out.pop();
  return out;
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
  for (const { start, lines: diff } of ordered.reverse()) {
    const rewritten: SourceLine[] = [];
    let next = start;
    for (const line of diff) {
      if (line.op === '+') rewritten.push({ text: line.text, ending: source.preferred });
      else if (line.op === ' ') rewritten.push(lines[next++] as SourceLine);
      else next += 1;
    }
    lines.splice(start, next - start, ...rewritten);
  }
  // Updates always end with a newline, which also terminates a last line moved inward.
  return lines.map((line) => line.text + (line.ending ?? source.preferred)).join('');
}
