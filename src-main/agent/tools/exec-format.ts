/**
 * The text the model gets back from exec_command and write_stdin, in Codex's shape: a status
 * line, the wall time, then the output with its middle cut when it passes max_output_tokens.
 */
import { stripAnsi } from '../../terminal/ansi';
import type { CommandResult } from '../../terminal/pty-shell';
import { BYTES_PER_TOKEN, truncateAroundGap, truncateMiddle, type Truncated } from './truncate-middle';

export interface FormatOptions {
  maxOutputTokens: number;
  interrupted?: boolean;
}

export function formatCommandResult(result: CommandResult, options: FormatOptions): string {
  const truncated = truncateOutput(result, options.maxOutputTokens * BYTES_PER_TOKEN);
  const lines = [statusLine(result), `Wall time: ${(result.durationMs / 1000).toFixed(1)} seconds`];
  if (options.interrupted) lines.push('The command was interrupted before it finished.');
  // Counted as the output streamed in, so it holds for output the capture did not keep.
  if (truncated.truncated) lines.push(`Total output lines: ${result.outputSize.lines}`);
  lines.push('Output:', truncated.text);
  return lines.join('\n');
}

/** The output as the model reads it: escape codes stripped, the middle cut to the budget. */
function truncateOutput(result: CommandResult, maxBytes: number): Truncated {
  const cut = result.outputCut;
  if (!cut) return truncateMiddle(stripAnsi(result.output), maxBytes);
  return truncateAroundGap(stripAnsi(cut.head), stripAnsi(cut.tail), result.outputSize.bytes, maxBytes);
}

function statusLine(result: CommandResult): string {
  if (result.running && result.sessionId !== null) return `Process running with session ID ${result.sessionId}`;
  if (result.exitCode === null) return 'Exit code: unknown (the command was stopped or its shell went away)';
  return `Exit code: ${result.exitCode}`;
}
