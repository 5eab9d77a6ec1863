/**
 * The caller's view of one command: its output not yet handed out (bounded), its timing, and the
 * session id it gets if it outlives its yield time.
 */
import type { Execution } from './execution';
import type { CommandHooks } from './pty-shell-types';
import type { ShellSession } from './shell-session';
import { HeadTailBuffer } from './text-buffers';

/** Up to this much is returned byte-exact from a run; beyond it the middle is dropped. */
const RUN_HEAD_CHARS = 16 * 1024 * 1024;
const RUN_TAIL_CHARS = 16 * 1024 * 1024;
/** Between two polls of a yielded command (a dev server may print forever). */
const POLL_HEAD_CHARS = 256 * 1024;
const POLL_TAIL_CHARS = 768 * 1024;

export class CommandRecord {
  readonly startedAt = Date.now();
  sessionId: number | null = null;
  private unread = new HeadTailBuffer(RUN_HEAD_CHARS, RUN_TAIL_CHARS);
  private attached: { session: ShellSession; execution: Execution } | null = null;

  constructor(private readonly hooks: CommandHooks) {}

  readonly append = (chunk: string): void => {
    this.unread.append(chunk);
    try {
      this.hooks.onOutput?.(chunk);
    } catch {
      // A listener's bug must not break the capture of the command.
    }
  };

  attach(session: ShellSession, execution: Execution): void {
    this.attached = { session, execution };
    void execution.done.then((exitCode) => {
      try {
        this.hooks.onExit?.({ exitCode, durationMs: Date.now() - this.startedAt });
      } catch {
        // As above.
      }
    });
  }

  get session(): ShellSession {
    if (!this.attached) throw new Error('command not started');
    return this.attached.session;
  }

  get execution(): Execution {
    if (!this.attached) throw new Error('command not started');
    return this.attached.execution;
  }

  get finished(): boolean {
    return this.attached?.execution.finished ?? true;
  }

  get exitCode(): number | null {
    return this.attached?.execution.exitCode ?? null;
  }

  /** Output since the last take; later output is kept under the smaller polling bound. */
  take(): string {
    const text = this.unread.text();
    this.unread = new HeadTailBuffer(POLL_HEAD_CHARS, POLL_TAIL_CHARS);
    return text;
  }
}
