/**
 * What write_stdin needs to know about the commands exec_command left running, so its own
 * transcript items can show which command they talk to. Kept per shell, dropped when read out.
 */
import type { PtyShell } from '../../terminal/pty-shell';

export interface YieldedCommand {
  command: string;
  cwd: string;
  startedAt: number;
}

const yieldedByShell = new WeakMap<PtyShell, Map<number, YieldedCommand>>();

export function rememberYielded(shell: PtyShell, sessionId: number, command: YieldedCommand): void {
  let commands = yieldedByShell.get(shell);
  if (!commands) yieldedByShell.set(shell, (commands = new Map()));
  commands.set(sessionId, command);
}

export function yieldedCommand(shell: PtyShell, sessionId: number): YieldedCommand | undefined {
  return yieldedByShell.get(shell)?.get(sessionId);
}

export function forgetYielded(shell: PtyShell, sessionId: number): void {
  yieldedByShell.get(shell)?.delete(sessionId);
}
