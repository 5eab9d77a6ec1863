/**
 * write_stdin, with Codex's name and schema: sends characters to a command that exec_command
 * left running (its session id) and returns the output since the last read. Empty `chars` polls.
 * Each call that has something to show gets its own `command` item (the command it talks to).
 */
import type { CommandResult, PtyShell } from '../../terminal/pty-shell';
import { DEFAULT_MAX_OUTPUT_TOKENS, WRITE_YIELD_MS, parseWriteStdinArgs, type WriteStdinArgs } from './exec-args';
import { formatCommandResult } from './exec-format';
import { forgetYielded, yieldedCommand } from './exec-sessions';
import { CommandTranscript, finalFields, newCommandItem } from './exec-transcript';
import type { Tool, ToolContext, ToolDefinition } from './tool';

export const WRITE_STDIN_DEFINITION: ToolDefinition = {
  kind: 'function',
  name: 'write_stdin',
  description: [
    'Writes characters to the stdin (a terminal) of a command that exec_command left running, and',
    'returns its output since the last read, or its exit code once it has finished. Send empty',
    '`chars` to just wait for more output. Control characters work as typed: "\\u0003" is Ctrl-C,',
    '"\\u0004" is Ctrl-D (end of input); end a line with "\\n".',
  ].join(' '),
  parameters: {
    type: 'object',
    properties: {
      session_id: { type: 'number', description: 'Session ID that exec_command returned for the running command.' },
      chars: { type: 'string', description: 'Characters to write to stdin; empty to only poll for output.' },
      yield_time_ms: {
        type: 'number',
        description: `How long to wait for output before returning (default ${WRITE_YIELD_MS.default}; up to ${WRITE_YIELD_MS.maxWhenPolling} when only polling).`,
      },
      max_output_tokens: {
        type: 'number',
        description: `Maximum number of tokens of output to return (default ${DEFAULT_MAX_OUTPUT_TOKENS}); the middle of longer output is omitted.`,
      },
    },
    required: ['session_id'],
    additionalProperties: false,
  },
};

export function createWriteStdinTool(shell: PtyShell): Tool {
  return {
    definition: WRITE_STDIN_DEFINITION,
    run: async (input, ctx) => {
      const parsed = parseWriteStdinArgs(input);
      if (!parsed.ok) return parsed.error;
      const args = parsed.value;
      try {
        const result = await shell.pollSession(args.sessionId, {
          chars: args.chars,
          yieldTimeMs: args.yieldTimeMs,
          signal: ctx.signal,
        });
        reportPoll(shell, args, result, ctx);
        return formatCommandResult(result, { maxOutputTokens: args.maxOutputTokens });
      } catch (error) {
        // UnknownSessionError included: its message tells the model the session is gone.
        return `write_stdin failed: ${(error as Error).message}`;
      }
    },
  };
}

/**
 * A transcript item of the command's own shape for what this call wrote and read. A poll that
 * sent nothing and got nothing back while the command runs on is left out of the transcript.
 */
function reportPoll(shell: PtyShell, args: WriteStdinArgs, result: CommandResult, ctx: ToolContext): void {
  const command = yieldedCommand(shell, args.sessionId);
  if (!result.running) forgetYielded(shell, args.sessionId);
  if (!command || (args.chars === '' && result.output === '' && result.running)) return;
  const transcript = new CommandTranscript(ctx, newCommandItem(ctx.callId, command.command, command.cwd));
  transcript.start();
  transcript.push(result.output);
  const durationMs = Date.now() - command.startedAt;
  const end = result.running ? {} : finalFields(result.exitCode, durationMs, false);
  transcript.complete({ ...end, sessionId: args.sessionId, durationMs });
}
