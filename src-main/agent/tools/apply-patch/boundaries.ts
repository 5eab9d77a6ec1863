/**
 * The envelope of a patch: `*** Begin Patch` ... `*** End Patch`, optionally inside a heredoc
 * wrapper that some models send literally (Codex's lenient mode).
 */

export interface PatchLine {
  /** 1-based line number in the text the model sent, for error messages. */
  number: number;
  /** The line without its line terminator. */
  text: string;
}

import { rustTrim } from './rust-text';

const BEGIN_PATCH = '*** Begin Patch';
const END_PATCH = '*** End Patch';
const HEREDOC_OPENERS = new Set(['<<EOF', "<<'EOF'", '<<"EOF"']);

/** Splits like Rust's `str::trim().lines()`: CRLF or LF terminators, no trailing empty line. */
export function splitPatchLines(text: string): PatchLine[] {
  const trimmed = rustTrim(text);
  if (trimmed === '') return [];
  const leading = text.slice(0, text.indexOf(trimmed)).split('\n').length - 1;
  return trimmed.split('\n').map((raw, i) => ({
    number: leading + i + 1,
    text: raw.endsWith('\r') ? raw.slice(0, -1) : raw,
  }));
}

export type Bounded = { ok: true; body: PatchLine[] } | { ok: false; error: string };

export function stripBoundaries(lines: PatchLine[]): Bounded {
  const strict = checkStrict(lines);
  if (strict.ok) return strict;
  const first = lines[0]?.text;
  const last = lines[lines.length - 1]?.text;
  if (lines.length >= 4 && first !== undefined && HEREDOC_OPENERS.has(first) && last?.endsWith('EOF')) {
    return checkStrict(lines.slice(1, -1));
  }
  return strict;
}

function checkStrict(lines: PatchLine[]): Bounded {
  const first = lines[0]?.text;
  const last = lines[lines.length - 1]?.text;
  // Codex reports an empty patch as missing its end, not its start.
  if (first !== undefined && rustTrim(first) !== BEGIN_PATCH) {
    return { ok: false, error: "The first line of the patch must be '*** Begin Patch'" };
  }
  if (lines.length < 2 || last === undefined || rustTrim(last) !== END_PATCH) {
    return { ok: false, error: "The last line of the patch must be '*** End Patch'" };
  }
  return { ok: true, body: lines.slice(1, -1) };
}
