/**
 * The caller's view of one command: its output not yet handed out (bounded), its timing, and the
 * session id it gets if it outlives its yield time.
 */
import type { Execution } from './execution';
import { OutputMeter } from './output-meter';
import type { CommandHooks, OutputCut, OutputSize } from './pty-shell-types';
import type { ShellSession } from './shell-session';
import { HeadTailBuffer } from './text-buffers';

/** Up to this much is returned byte-exact from a run; beyond it the middle is dropped. */
const RUN_HEAD_CHARS = 16 * 1024 * 1024;
const RUN_TAIL_CHARS = 16 * 1024 * 1024;
export const RUN_CAPTURE_CHARS = RUN_HEAD_CHARS + RUN_TAIL_CHARS;
/** Between two polls of a yielded command (a dev server may print forever). */
const POLL_HEAD_CHARS = 256 * 1024;
const POLL_TAIL_CHARS = 768 * 1024;
export const POLL_CAPTURE_CHARS = POLL_HEAD_CHARS + POLL_TAIL_CHARS;

/** The output since the last read: what was kept of it, and how much there was in all. */
export interface TakenOutput {
  output: string;
  outputSize: OutputSize;
  outputCut: OutputCut | null;
}

export class CommandRecord {
  readonly startedAt = Date.now();
  sessionId: number | null = null;
  private unread = new HeadTailBuffer(RUN_HEAD_CHARS, RUN_TAIL_CHARS);
  /** Counts all of the unread output, however much of it `unread` can keep. */
  private meter = new OutputMeter();
  private attached: { session: ShellSession; execution: Execution } | null = null;

  constructor(private readonly hooks: CommandHooks) {}

  readonly append = (chunk: string): void => {
    this.unread.append(chunk);
    this.meter.push(chunk);
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
  take(): TakenOutput {
    const taken = { output: this.unread.text(), outputSize: this.meter.end(), outputCut: this.unread.cut() };
    this.unread = new HeadTailBuffer(POLL_HEAD_CHARS, POLL_TAIL_CHARS);
    this.meter = new OutputMeter();
    return taken;
  }
}
