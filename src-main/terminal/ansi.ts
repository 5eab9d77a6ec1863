/**
 * Terminal escape codes in command output: colour and cursor codes only cost the model tokens,
 * so what it reads of an output is the output without them.
 */

// CSI and OSC sequences and two-byte escapes.
const ANSI_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}
