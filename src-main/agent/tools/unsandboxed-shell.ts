/**
 * The worktree's second shell, outside the sandbox, for the commands the user approved to run
 * there (exec-escalation.ts). Started on first use: most threads never need it.
 */
import { PtyShell } from '../../terminal/pty-shell';
import type { UnsandboxedEscape } from './exec-escalation';

export class UnsandboxedShell {
  private starting: Promise<PtyShell> | null = null;
  private started: PtyShell | null = null;
  private disposed = false;

  /** `env` is the sandboxed shell's own (the same allow-list); only the wrapper differs. */
  constructor(
    private readonly cwd: string,
    private readonly env: Record<string, string>,
  ) {}

  escape(network: boolean): UnsandboxedEscape {
    return { network, shell: () => this.shell() };
  }

  shell(): Promise<PtyShell> {
    if (this.disposed) return Promise.reject(new Error('the worker is shutting down'));
    this.starting ??= PtyShell.start({ cwd: this.cwd, env: this.env, wrapper: null }).then((shell) => {
      if (this.disposed) shell.dispose();
      else this.started = shell;
      return shell;
    });
    return this.starting;
  }

  /** For pause and resume: its commands are the agent's commands too. */
  runningProcessGroups(): number[] {
    return this.started?.runningProcessGroups() ?? [];
  }

  dispose(): void {
    this.disposed = true;
    this.started?.dispose();
  }
}
