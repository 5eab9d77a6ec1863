/**
 * Just enough of a terminal for command output: SGR colours and bold/dim become styled segments,
 * other control sequences are dropped, and a carriage return overwrites its line (progress bars).
 * Pure and re-run on the whole (capped) output, so a sequence split across deltas still parses.
 */
export interface AnsiSegment {
  text: string;
  /** Space-separated class names, or '' for default style. */
  className: string;
}

interface Style {
  fg: number | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

const PLAIN: Style = { fg: null, bold: false, dim: false, italic: false, underline: false };
// CSI with SGR, other CSI sequences, OSC (BEL or ST terminated), and lone two-byte escapes.
const ESCAPES = /\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const INCOMPLETE_TAIL = /\x1b(\[[0-9;?]*|\][^\x07]*)?$/;

export function parseAnsi(raw: string): AnsiSegment[] {
  const text = collapseCarriageReturns(raw.replace(INCOMPLETE_TAIL, ''));
  const segments: AnsiSegment[] = [];
  let style = PLAIN;
  let last = 0;
  for (const match of text.matchAll(ESCAPES)) {
    const index = match.index ?? 0;
    push(segments, text.slice(last, index), style);
    last = index + match[0].length;
    if (match[2] === 'm') style = applySgr(style, match[1] ?? '');
  }
  push(segments, text.slice(last), style);
  return segments;
}

export function stripAnsi(raw: string): string {
  return parseAnsi(raw)
    .map((s) => s.text)
    .join('');
}

function push(segments: AnsiSegment[], text: string, style: Style): void {
  if (!text) return;
  const className = classNameOf(style);
  const previous = segments[segments.length - 1];
  if (previous && previous.className === className) previous.text += text;
  else segments.push({ text, className });
}

/** "50%\r100%\n" shows as "100%": each \r restarts its line, as a terminal would draw it. */
function collapseCarriageReturns(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => {
      const parts = line.split('\r');
      return parts.length > 1 ? lastNonEmpty(parts) : line;
    })
    .join('\n');
}

function lastNonEmpty(parts: string[]): string {
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i]) return parts[i] ?? '';
  return '';
}

function applySgr(style: Style, params: string): Style {
  const codes = params === '' ? [0] : params.split(';').map((p) => Number(p) || 0);
  let next = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] ?? 0;
    if (code === 0) next = { ...PLAIN };
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) next = { ...next, bold: false, dim: false };
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code === 39) next.fg = null;
    else if (code === 38 || code === 48) i += skipExtendedColor(codes, i, code === 38 ? next : null);
  }
  return next;
}

/** 38;5;n keeps n when it is one of the 16 basic colours; truecolor is dropped. */
function skipExtendedColor(codes: number[], i: number, target: Style | null): number {
  if (codes[i + 1] === 5) {
    const n = codes[i + 2] ?? -1;
    if (target && n >= 0 && n < 16) target.fg = n;
    return 2;
  }
  return codes[i + 1] === 2 ? 4 : 0;
}

function classNameOf(style: Style): string {
  const names: string[] = [];
  if (style.fg !== null) names.push(`ansi-${style.fg}`);
  if (style.bold) names.push('ansi-bold');
  if (style.dim) names.push('ansi-dim');
  if (style.italic) names.push('ansi-italic');
  if (style.underline) names.push('ansi-underline');
  return names.join(' ');
}
