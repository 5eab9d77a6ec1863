/**
 * Parser for Codex's `*** Begin Patch` format. It follows codex-rs/apply-patch/src/parser.rs in
 * lenient mode, with its leniencies and no others: the patch and file headers may carry
 * surrounding whitespace, a heredoc wrapper (`<<'EOF'` ... `EOF`) is stripped, an empty line inside
 * a hunk is an empty context line, and the first hunk of an Update File may omit its `@@`. Paths
 * are returned as written; confinement is apply's job.
 */
import { splitPatchLines, stripBoundaries, type PatchLine } from './boundaries';
import { rustTrim, rustTrimEnd } from './rust-text';

/** One diff line of a chunk, in patch order: context (' '), added ('+') or removed ('-'). */
export interface ChunkLine {
  op: ' ' | '+' | '-';
  text: string;
}

export interface UpdateChunk {
  /** The `@@ header` text, searched for to narrow down where the chunk applies; null for a bare `@@`. */
  context: string | null;
  oldLines: string[];
  newLines: string[];
  /** The same lines in patch order, so applying can keep the file's own text for context lines. */
  lines: ChunkLine[];
  /** Set by `*** End of File`: oldLines must match at the end of the file. */
  isEndOfFile: boolean;
  /** Counts of `+` and `-` lines, for change summaries. */
  additions: number;
  deletions: number;
}

export type PatchOp =
  | { kind: 'add'; path: string; contents: string }
  | { kind: 'delete'; path: string }
  | { kind: 'update'; path: string; movePath: string | null; chunks: UpdateChunk[] };

export type ParseResult = { ok: true; ops: PatchOp[] } | { ok: false; error: string };

const ADD_FILE = '*** Add File: ';
const DELETE_FILE = '*** Delete File: ';
const UPDATE_FILE = '*** Update File: ';
const MOVE_TO = '*** Move to: ';
const END_OF_FILE = '*** End of File';

class HunkError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function parsePatch(text: string): ParseResult {
  const bounded = stripBoundaries(splitPatchLines(text));
  if (!bounded.ok) return { ok: false, error: `Invalid patch: ${bounded.error}` };
  const ops: PatchOp[] = [];
  let rest = bounded.body;
  try {
    while (rest.length > 0) {
      const { op, consumed } = parseOp(rest);
      ops.push(op);
      rest = rest.slice(consumed);
    }
  } catch (err) {
    if (!(err instanceof HunkError)) throw err;
    return { ok: false, error: `Invalid patch hunk on line ${err.line}: ${err.message}` };
  }
  return { ok: true, ops };
}

function parseOp(lines: PatchLine[]): { op: PatchOp; consumed: number } {
  const head = lines[0] as PatchLine;
  // Codex tolerates padding around file headers, so trim before matching.
  const header = rustTrim(head.text);
  if (header.startsWith(ADD_FILE)) {
    let consumed = 1;
    let contents = '';
    for (const line of lines.slice(1)) {
      if (!line.text.startsWith('+')) break;
      contents += `${line.text.slice(1)}\n`;
      consumed += 1;
    }
    return { op: { kind: 'add', path: header.slice(ADD_FILE.length), contents }, consumed };
  }
  if (header.startsWith(DELETE_FILE)) {
    return { op: { kind: 'delete', path: header.slice(DELETE_FILE.length) }, consumed: 1 };
  }
  if (header.startsWith(UPDATE_FILE)) return parseUpdate(lines, header.slice(UPDATE_FILE.length));
  throw new HunkError(
    `'${header}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', ` +
      `'*** Delete File: {path}', '*** Update File: {path}'`,
    head.number,
  );
}

function parseUpdate(lines: PatchLine[], path: string): { op: PatchOp; consumed: number } {
  let consumed = 1;
  let movePath: string | null = null;
  // Codex matches `*** Move to:` untrimmed, then trims the end of the path it names.
  const moveLine = lines[1]?.text;
  if (moveLine?.startsWith(MOVE_TO)) {
    movePath = rustTrimEnd(moveLine.slice(MOVE_TO.length));
    consumed += 1;
  }
  const chunks: UpdateChunk[] = [];
  while (consumed < lines.length) {
    const text = (lines[consumed] as PatchLine).text;
    // Blank lines between chunks are separators, not content.
    if (rustTrim(text) === '') {
      consumed += 1;
      continue;
    }
    if (text.startsWith('*')) break;
    const parsed = parseChunk(lines.slice(consumed), chunks.length === 0);
    chunks.push(parsed.chunk);
    consumed += parsed.consumed;
  }
  if (chunks.length === 0) {
    throw new HunkError(`Update file hunk for path '${path}' is empty`, (lines[0] as PatchLine).number);
  }
  return { op: { kind: 'update', path, movePath, chunks }, consumed };
}

function parseChunk(lines: PatchLine[], allowMissingContext: boolean): { chunk: UpdateChunk; consumed: number } {
  const chunk: UpdateChunk = { context: null, oldLines: [], newLines: [], lines: [], isEndOfFile: false, additions: 0, deletions: 0 };
  const first = lines[0] as PatchLine;
  // One `@@` line per chunk, as in Codex: `@@` alone, or `@@ ` and the header text as written.
  const start = isContextMarker(first.text) ? 1 : 0;
  if (start === 1 && first.text !== '@@') chunk.context = first.text.slice(3);
  if (start === 0 && !allowMissingContext) {
    throw new HunkError(`Expected update hunk to start with a @@ context marker, got: '${first.text}'`, first.number);
  }
  const emptyError = (at: number) => new HunkError('Update hunk does not contain any lines', at);
  if (start >= lines.length) throw emptyError(first.number + start);
  let parsed = 0;
  for (const line of lines.slice(start)) {
    if (line.text === END_OF_FILE) {
      if (parsed === 0) throw emptyError(line.number);
      chunk.isEndOfFile = true;
      parsed += 1;
      break;
    }
    if (!addChunkLine(chunk, line.text)) {
      if (parsed === 0) throw unexpectedLine(line);
      break; // the start of the next chunk or file
    }
    parsed += 1;
  }
  return { chunk, consumed: start + parsed };
}

function isContextMarker(text: string): boolean {
  return text === '@@' || text.startsWith('@@ ');
}

/** Returns false when the line is not a diff line. */
function addChunkLine(chunk: UpdateChunk, text: string): boolean {
  const body = text.slice(1);
  switch (text[0]) {
    case undefined: // a context line whose leading space was lost
    case ' ':
      chunk.oldLines.push(body);
      chunk.newLines.push(body);
      chunk.lines.push({ op: ' ', text: body });
      return true;
    case '+':
      chunk.newLines.push(body);
      chunk.lines.push({ op: '+', text: body });
      chunk.additions += 1;
      return true;
    case '-':
      chunk.oldLines.push(body);
      chunk.lines.push({ op: '-', text: body });
      chunk.deletions += 1;
      return true;
    default:
      return false;
  }
}

function unexpectedLine(line: PatchLine): HunkError {
  return new HunkError(
    `Unexpected line found in update hunk: '${line.text}'. Every line should start with ' ' ` +
      `(context line), '+' (added line), or '-' (removed line)`,
    line.number,
  );
}
