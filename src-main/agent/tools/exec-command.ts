/**
 * exec_command, with Codex's name and schema: runs a command in the worktree's shell, streams its
 * output into the transcript, and answers the model with the exit code and (middle-truncated)
 * output, or with a session id when the command outlives yield_time_ms.
 */
import type { CommandResult, PtyShell } from '../../terminal/pty-shell';
import { DEFAULT_MAX_OUTPUT_TOKENS, EXEC_YIELD_MS, parseExecArgs, type ExecArgs } from './exec-args';
import { formatCommandResult } from './exec-format';
import { rememberYielded } from './exec-sessions';
import { CommandTranscript, finalFields, newCommandItem } from './exec-transcript';
import type { Tool, ToolContext, ToolDefinition } from './tool';

export { createWriteStdinTool, WRITE_STDIN_DEFINITION } from './exec-write-stdin';

export const EXEC_COMMAND_DEFINITION: ToolDefinition = {
  kind: 'function',
  name: 'exec_command',
  description: [
    "Runs a shell command in the worktree's interactive bash (a pty), and returns its output or a",
    'session ID for a command that is still running. Each command starts in the worktree root (or',
    '`workdir`) in a fresh subshell: `cd` and variables do not carry over to the next command.',
    'A command still running after `yield_time_ms` keeps running; poll it or send it input with',
    'write_stdin. Pagers are disabled; avoid interactive editors.',
  ].join(' '),
  parameters: {
    type: 'object',
    properties: {
      cmd: { type: 'string', description: 'Shell command to execute.' },
      workdir: {
        type: 'string',
        description: 'Working directory for the command, absolute or relative to the worktree root. Defaults to the root.',
      },
      yield_time_ms: {
        type: 'number',
        description: `How long to wait for the command to finish before returning its output so far (default ${EXEC_YIELD_MS.default}, at most ${EXEC_YIELD_MS.max}).`,
      },
      max_output_tokens: {
        type: 'number',
        description: `Maximum number of tokens of output to return (default ${DEFAULT_MAX_OUTPUT_TOKENS}); the middle of longer output is omitted.`,
      },
    },
    required: ['cmd'],
    additionalProperties: false,
  },
};

export function createExecCommandTool(shell: PtyShell): Tool {
  return {
    definition: EXEC_COMMAND_DEFINITION,
    run: async (input, ctx) => {
      const parsed = parseExecArgs(input);
      if (!parsed.ok) return parsed.error;
      try {
        return await execCommand(shell, parsed.value, ctx);
      } catch (error) {
        return `exec_command failed: ${(error as Error).message}`;
      }
    },
  };
}

async function execCommand(shell: PtyShell, args: ExecArgs, ctx: ToolContext): Promise<string> {
  const cwd = shell.resolveWorkdir(args.workdir ?? undefined);
  const transcript = new CommandTranscript(ctx, newCommandItem(ctx.callId, args.cmd, cwd));
  transcript.start();
  let result: CommandResult;
  try {
    result = await shell.run(args.cmd, {
      workdir: args.workdir ?? undefined,
      yieldTimeMs: args.yieldTimeMs,
      signal: ctx.signal,
      onOutput: (chunk) => transcript.push(chunk),
    });
  } catch (error) {
    transcript.complete({ status: 'failed' });
    throw error;
  }
  const interrupted = ctx.signal.aborted && !result.running && result.exitCode !== 0;
  if (result.running && result.sessionId !== null) {
    // The item ends with this call, still running: write_stdin's own items show what follows.
    rememberYielded(shell, result.sessionId, { command: args.cmd, cwd, startedAt: Date.now() - result.durationMs });
    transcript.complete({ sessionId: result.sessionId, durationMs: result.durationMs });
  } else {
    transcript.complete(finalFields(result.exitCode, result.durationMs, interrupted));
  }
  return formatCommandResult(result, { maxOutputTokens: args.maxOutputTokens, interrupted });
}
