/**
 * Shell-integration markers in the OSC 133 style (prompt start A, prompt end B, command start C,
 * command end D with exit code), and a streaming parser that splits pty output into text and
 * markers. Our markers may carry `flotilla=<nonce>` so that output which merely looks like a
 * marker (a `cat` of a recorded terminal, a nested shell) cannot end a command early.
 */

export type ShellMarker =
  | { kind: 'prompt-start' }
  | { kind: 'prompt-end' }
  | { kind: 'command-start'; nonce: string | null }
  | { kind: 'command-end'; exitCode: number | null; nonce: string | null };

export type MarkerToken = { type: 'text'; text: string } | { type: 'marker'; marker: ShellMarker };

const INTRO = '\x1b]133;';
const BEL = '\x07';
/** Longer than any marker we print; an unterminated intro beyond this is plain output. */
const MAX_MARKER_LENGTH = 128;
const NONCE_FIELD = 'flotilla=';

/** printf formats (for the shell) of the markers that carry a nonce. */
export const COMMAND_START_FORMAT = '\\033]133;C;flotilla=%s\\007';
export const COMMAND_END_FORMAT = '\\033]133;D;%s;flotilla=%s\\007';

export function parseMarkerBody(body: string): ShellMarker | null {
  const fields = body.split(';');
  const nonceField = fields.find((field) => field.startsWith(NONCE_FIELD));
  const nonce = nonceField ? nonceField.slice(NONCE_FIELD.length) || null : null;
  switch (fields[0]) {
    case 'A':
      return { kind: 'prompt-start' };
    case 'B':
      return { kind: 'prompt-end' };
    case 'C':
      return { kind: 'command-start', nonce };
    case 'D': {
      const code = fields[1] !== undefined && /^\d+$/.test(fields[1]) ? Number(fields[1]) : null;
      return { kind: 'command-end', exitCode: code, nonce };
    }
    default:
      return null;
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of the marker intro. */
function partialIntroLength(text: string): number {
  const max = Math.min(INTRO.length - 1, text.length);
  for (let length = max; length > 0; length--) {
    if (INTRO.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

/**
 * Splits a stream into text and markers. A marker may be split across chunks, so an incomplete
 * one at the end of a chunk is held back until the next chunk (or `flush`).
 */
export class MarkerParser {
  private held = '';

  push(chunk: string): MarkerToken[] {
    const input = this.held + chunk;
    this.held = '';
    const tokens: MarkerToken[] = [];
    let textStart = 0;
    let searchFrom = 0;
    for (;;) {
      const start = input.indexOf(INTRO, searchFrom);
      if (start < 0) break;
      const window = input.slice(start + INTRO.length, start + MAX_MARKER_LENGTH);
      const bel = window.indexOf(BEL);
      if (bel < 0) {
        if (input.length - start < MAX_MARKER_LENGTH) {
          pushText(tokens, input.slice(textStart, start));
          this.held = input.slice(start);
          return tokens;
        }
        searchFrom = start + 1;
        continue;
      }
      const end = start + INTRO.length + bel;
      const marker = parseMarkerBody(input.slice(start + INTRO.length, end));
      pushText(tokens, input.slice(textStart, start));
      // Unknown OSC 133 kinds are dropped too: they are shell-integration noise, not output.
      if (marker) tokens.push({ type: 'marker', marker });
      textStart = searchFrom = end + 1;
    }
    const rest = input.slice(textStart);
    const partial = partialIntroLength(rest);
    pushText(tokens, rest.slice(0, rest.length - partial));
    this.held = rest.slice(rest.length - partial);
    return tokens;
  }

  /** Whatever is held back, as plain text (the stream ended). */
  flush(): string {
    const held = this.held;
    this.held = '';
    return held;
  }
}

function pushText(tokens: MarkerToken[], text: string): void {
  if (text) tokens.push({ type: 'text', text });
}
