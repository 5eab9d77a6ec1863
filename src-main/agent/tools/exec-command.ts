/**
 * exec_command, with Codex's name and schema: runs a command in the worktree's shell, streams its
 * output into the transcript, and answers the model with the exit code and (middle-truncated)
 * output, or with a session id when the command outlives yield_time_ms.
 */
import type { CommandResult, PtyShell } from '../../terminal/pty-shell';
import { DEFAULT_MAX_OUTPUT_TOKENS, EXEC_YIELD_MS, parseExecArgs, type ExecArgs } from './exec-args';
import { offerUnsandboxedRun, type ExecOutcome, type UnsandboxedEscape } from './exec-escalation';
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

export interface ExecCommandOptions {
  /** commandTimeoutSeconds: a command still running after this long is killed. */
  timeoutMs?: number;
  /**
   * Set when `shell` runs in a sandbox: a command it blocks may be run once more outside, in this
   * shell, if the user approves (see exec-escalation.ts).
   */
  unsandboxed?: UnsandboxedEscape;
}

export function createExecCommandTool(shell: PtyShell, options: ExecCommandOptions = {}): Tool {
  return {
    definition: EXEC_COMMAND_DEFINITION,
    run: async (input, ctx) => {
      const parsed = parseExecArgs(input);
      if (!parsed.ok) return parsed.error;
      try {
        const outcome = await execCommand(shell, parsed.value, ctx, options.timeoutMs);
        if (!options.unsandboxed) return outcome.text;
        const rerun = (outside: PtyShell, itemId: string) => execCommand(outside, parsed.value, { ...ctx, callId: itemId }, options.timeoutMs);
        return await offerUnsandboxedRun(outcome, ctx, options.unsandboxed, rerun);
      } catch (error) {
        return `exec_command failed: ${(error as Error).message}`;
      }
    },
  };
}

async function execCommand(shell: PtyShell, args: ExecArgs, ctx: ToolContext, timeoutMs?: number): Promise<ExecOutcome> {
  const cwd = shell.resolveWorkdir(args.workdir ?? undefined);
  const transcript = new CommandTranscript(ctx, newCommandItem(ctx.callId, args.cmd, cwd));
  transcript.start();
  const limit = commandLimit(shell, timeoutMs);
  let result: CommandResult;
  try {
    result = await shell.run(args.cmd, {
      workdir: args.workdir ?? undefined,
      yieldTimeMs: args.yieldTimeMs,
      signal: AbortSignal.any([ctx.signal, limit.signal]),
      onOutput: (chunk) => transcript.push(chunk),
    });
  } catch (error) {
    limit.dispose();
    transcript.complete({ status: 'failed' });
    throw error;
  }
  if (result.running && result.sessionId !== null) limit.follow(result.sessionId);
  else limit.dispose();
  const timedOut = limit.signal.aborted && !ctx.signal.aborted && !result.running;
  if (timedOut) transcript.push(`\n[timed out after ${formatSeconds(timeoutMs)}; killed]\n`);
  const interrupted = ctx.signal.aborted && !result.running && result.exitCode !== 0;
  if (result.running && result.sessionId !== null) {
    // The item ends with this call, still running: write_stdin's own items show what follows.
    rememberYielded(shell, result.sessionId, { command: args.cmd, cwd, startedAt: Date.now() - result.durationMs });
    transcript.complete({ sessionId: result.sessionId, durationMs: result.durationMs });
  } else {
    transcript.complete(finalFields(result.exitCode, result.durationMs, interrupted));
  }
  const text = formatCommandResult(result, { maxOutputTokens: args.maxOutputTokens, interrupted });
  const finished = !result.running && !timedOut && !interrupted;
  return {
    text: timedOut ? `${text}\nThe command timed out after ${formatSeconds(timeoutMs)} (commandTimeoutSeconds) and was killed.` : text,
    command: args.cmd,
    cwd,
    exitCode: finished ? result.exitCode : null,
    output: finished ? result.output : '',
    sessionId: result.running ? result.sessionId : null,
  };
}

interface CommandLimit {
  signal: AbortSignal;
  /** The command yielded: the limit keeps running and stops its session when it passes. */
  follow(sessionId: number): void;
  dispose(): void;
}

/** The command's time limit, counted from its start, whether the agent waits for it or not. */
function commandLimit(shell: PtyShell, timeoutMs: number | undefined): CommandLimit {
  const controller = new AbortController();
  let sessionId: number | null = null;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          controller.abort();
          if (sessionId !== null) void shell.stopSession(sessionId);
        }, timeoutMs);
  timer?.unref();
  return {
    signal: controller.signal,
    follow: (id) => void (sessionId = id),
    dispose: () => clearTimeout(timer),
  };
}

function formatSeconds(ms: number | undefined): string {
  return `${Math.round((ms ?? 0) / 100) / 10} s`;
}
