/**
 * Finds a run of pattern lines in a file, as codex-rs/apply-patch/src/seek_sequence.rs does:
 * each pass tries every position before the next, looser pass runs, so an exact match anywhere
 * wins over a fuzzy match earlier in the file.
 */
import { rustTrim, rustTrimEnd } from './rust-text';

type Normalise = (line: string) => string;

const PASSES: Normalise[] = [
  (line) => line,
  (line) => rustTrimEnd(line),
  (line) => rustTrim(line),
  (line) => normalisePunctuation(rustTrim(line)),
];

/**
 * Index of the first match at or after `start`, or -1. With `eof`, only the position that ends
 * at the last line is tried, so `*** End of File` hunks anchor to the end.
 */
export function seekSequence(lines: readonly string[], pattern: readonly string[], start: number, eof: boolean): number {
  if (pattern.length === 0) return start;
  if (pattern.length > lines.length) return -1;
  const last = lines.length - pattern.length;
  const from = eof ? last : start;
  for (const normalise of PASSES) {
    const wanted = pattern.map(normalise);
    for (let i = from; i <= last; i += 1) {
      if (matchesAt(lines, wanted, i, normalise)) return i;
    }
  }
  return -1;
}

function matchesAt(lines: readonly string[], wanted: string[], at: number, normalise: Normalise): boolean {
  for (let j = 0; j < wanted.length; j += 1) {
    if (normalise(lines[at + j] as string) !== wanted[j]) return false;
  }
  return true;
}

// Models write ASCII; source files often hold typographic dashes, quotes and odd spaces.
const PUNCTUATION: Record<string, string> = {};
for (const c of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212') PUNCTUATION[c] = '-';
for (const c of '\u2018\u2019\u201A\u201B') PUNCTUATION[c] = "'";
for (const c of '\u201C\u201D\u201E\u201F') PUNCTUATION[c] = '"';
for (const c of '\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000') PUNCTUATION[c] = ' ';
const PUNCTUATION_RE = new RegExp(`[${Object.keys(PUNCTUATION).join('')}]`, 'g');

export function normalisePunctuation(text: string): string {
  return text.replace(PUNCTUATION_RE, (c) => PUNCTUATION[c] ?? c);
}
