/**
 * How the user and the agent share the main shell: a command the user typed in the terminal
 * view holds the shell, and the agent's next command waits for it to end (rather than running
 * beside it in a shell of its own), so what the user started is never raced by the agent.
 */
import type { ShellSession } from './shell-session';

/** What a terminal view shows of the sharing. */
export interface SharedShellState {
  userCommand: boolean;
  agentWaiting: boolean;
}

/** Resolves once `session` no longer runs the user's command (it ended, the shell exited, or `signal` fired). */
export function waitWhileUserCommand(session: ShellSession, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (!session.runningUserCommand || signal?.aborted) return resolve();
    const done = () => {
      stopListening();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const stopListening = session.onStateChange((state) => {
      if (state !== 'user-command') done();
    });
    signal?.addEventListener('abort', done, { once: true });
  });
}
