/**
 * After a command ran in the sandbox: when its result looks like a sandbox denial, the user is
 * asked (in every approval mode) whether to run it once more outside the sandbox, in a shell of the
 * same worktree with the same environment. The model gets the run outside, or the blocked result
 * with a note that the user declined.
 */
import type { PtyShell } from '../../terminal/pty-shell';
import { DENIED_OUTPUT } from '../approvals';
import { sandboxDenial } from './sandbox-denial';
import type { ToolContext } from './tool';

/** How a sandboxed exec_command can get out, with the user's approval. */
export interface UnsandboxedEscape {
  /** The sandbox lets commands reach the network; network failures are then not its doing. */
  network: boolean;
  /** The unsandboxed shell of the same worktree, started on first use. */
  shell(): Promise<PtyShell>;
}

/** A command that ran to its end; exitCode is null when it did not (still running, timed out, interrupted). */
export interface ExecOutcome {
  /** What the model reads. */
  text: string;
  command: string;
  cwd: string;
  exitCode: number | null;
  output: string;
  /** Set while the command still runs after its yield time. */
  sessionId: number | null;
}

export const APPROVED_OUTSIDE_NOTE = 'The sandbox blocked this command; the user approved running it once outside the sandbox. Its result there:';

/**
 * write_stdin talks to the sandboxed shell's sessions only, so a command outside may not outlive
 * its yield time: its session id would name another command, or none.
 */
export const STOPPED_OUTSIDE_NOTE =
  'It was still running when its yield time passed and was stopped: a command outside the sandbox runs once, to its end within yield_time_ms, and cannot be polled with write_stdin.';

export async function offerUnsandboxedRun(
  outcome: ExecOutcome,
  ctx: ToolContext,
  escape: UnsandboxedEscape,
  rerun: (shell: PtyShell, itemId: string) => Promise<ExecOutcome>,
): Promise<string> {
  if (!ctx.askUnsandboxed) return outcome.text;
  const blocked = sandboxDenial(outcome.exitCode, outcome.output, { network: escape.network });
  if (blocked === null) return outcome.text;
  const itemId = `${ctx.callId}-unsandboxed`;
  const approved = await ctx.askUnsandboxed({ itemId, command: outcome.command, cwd: outcome.cwd, blocked });
  if (!approved) return `${outcome.text}\n\n${DENIED_OUTPUT.unsandboxed}`;
  const shell = await escape.shell();
  const outside = await rerun(shell, itemId);
  if (outside.sessionId === null) return `${APPROVED_OUTSIDE_NOTE}\n${outside.text}`;
  await shell.stopSession(outside.sessionId);
  return `${APPROVED_OUTSIDE_NOTE}\n${outside.text.replace(/^Process running with session ID \d+/, 'Stopped after its yield time')}\n${STOPPED_OUTSIDE_NOTE}`;
}
