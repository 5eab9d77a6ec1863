/**
 * Rust's `str::trim` family, which Codex's parser and matcher use. JavaScript's `trim` differs on
 * two characters: it strips U+FEFF (a byte-order mark, not whitespace in Rust) and keeps U+0085
 * (NEXT LINE, whitespace in Rust); a patch must match or fail exactly as it does in Codex.
 */
const WS = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const LEADING = new RegExp(`^[${WS}]+`);
const TRAILING = new RegExp(`[${WS}]+$`);

export function rustTrimStart(text: string): string {
  return text.replace(LEADING, '');
}

export function rustTrimEnd(text: string): string {
  return text.replace(TRAILING, '');
}

export function rustTrim(text: string): string {
  return rustTrimEnd(rustTrimStart(text));
}
