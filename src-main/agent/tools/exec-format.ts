/**
 * The text the model gets back from exec_command and write_stdin, in Codex's shape: a status
 * line, the wall time, then the output with its middle cut when it passes max_output_tokens.
 */
import type { CommandResult } from '../../terminal/pty-shell';
import { BYTES_PER_TOKEN, truncateMiddle } from './truncate-middle';

// CSI and OSC sequences and two-byte escapes: colour and cursor codes only cost the model tokens.
const ANSI_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

export interface FormatOptions {
  maxOutputTokens: number;
  interrupted?: boolean;
}

export function formatCommandResult(result: CommandResult, options: FormatOptions): string {
  const output = stripAnsi(result.output);
  const truncated = truncateMiddle(output, options.maxOutputTokens * BYTES_PER_TOKEN);
  const lines = [statusLine(result), `Wall time: ${(result.durationMs / 1000).toFixed(1)} seconds`];
  if (options.interrupted) lines.push('The command was interrupted before it finished.');
  if (truncated.truncated) lines.push(`Total output lines: ${countLines(output)}`);
  lines.push('Output:', truncated.text);
  return lines.join('\n');
}

function statusLine(result: CommandResult): string {
  if (result.running && result.sessionId !== null) return `Process running with session ID ${result.sessionId}`;
  if (result.exitCode === null) return 'Exit code: unknown (the command was stopped or its shell went away)';
  return `Exit code: ${result.exitCode}`;
}

function countLines(text: string): number {
  if (text === '') return 0;
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
