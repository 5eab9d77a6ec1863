/**
 * Quoting for text we type into a shell. Typed input passes through readline (or the tty line
 * discipline), where a tab completes, `!` expands history and control bytes edit the line, so
 * arbitrary text is never typed as-is.
 */

const PLAIN_BYTE = /[A-Za-z0-9 _.,:/@%+=-]/;

/**
 * Bash ANSI-C quoting (`$'...'`) with every byte outside a small plain set written as `\xHH`:
 * the typed text is printable ASCII only, and the shell rebuilds the exact UTF-8 bytes.
 */
export function ansiCQuote(text: string): string {
  let quoted = "$'";
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    quoted += byte < 0x80 && PLAIN_BYTE.test(char) ? char : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${quoted}'`;
}

/** POSIX single quoting, for shells without `$'...'`. Newlines stay literal (one line each). */
export function posixQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
