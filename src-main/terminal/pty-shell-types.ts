/** The public types of PtyShell: what the agent's tools and the worker code against. */
export interface PtyShellOptions {
  cwd: string;
  /** The shell's whole environment (default: this process's); TERM is set on top. */
  env?: Record<string, string>;
  cols?: number;
  rows?: number;
  /** The sandbox argv the shell is started through (bwrap or sandbox-exec, ending in `--`); null: none. */
  wrapper?: string[] | null;
}

export interface CommandResult {
  exitCode: number | null;
  /** The output since the last read; past the capture's bound its middle is replaced by a note. */
  output: string;
  /** All of that output, however much of it `output` kept. */
  outputSize: OutputSize;
  /** Set when the capture's bound dropped the middle: what `output` kept on either side. */
  outputCut: OutputCut | null;
  durationMs: number;
  /** true when still running after yieldTimeMs; the command keeps running in its session */
  running: boolean;
  sessionId: number | null;
}

export interface CommandHooks {
  /** Every chunk of output (markers stripped, LF line ends), until the command ends: also after a yield. */
  onOutput?: (chunk: string) => void;
  /** Once, when the command ends, also after a yield (exitCode null: stopped, or its shell went away). */
  onExit?: (result: { exitCode: number | null; durationMs: number }) => void;
}

export interface RunOptions extends CommandHooks {
  /** Relative to the shell's cwd, or absolute. The shell's own cwd never changes. */
  workdir?: string;
  /** Default 10 s. After it, the result says `running` and the command keeps going under a session id. */
  yieldTimeMs?: number;
  /** Abort: Ctrl-C, then SIGKILL of the command's process group after a grace period. */
  signal?: AbortSignal;
}

export interface PollOptions {
  chars?: string;
  yieldTimeMs?: number;
  /** Stops the wait early; the command keeps running. */
  signal?: AbortSignal;
}

export const DEFAULT_YIELD_TIME_MS = 10_000;
export const DEFAULT_POLL_YIELD_TIME_MS = 250;

export class UnknownSessionError extends Error {
  constructor(readonly sessionId: number) {
    super(`There is no running session with ID ${sessionId} (it may have finished and been read already).`);
  }
}

/** How much a command printed, as the model reads it (without terminal escape codes). */
export interface OutputSize {
  /** UTF-8 bytes. */
  bytes: number;
  /** Lines, a last one without its newline included. */
  lines: number;
}

/** The part of an output kept on either side of a middle the capture's bound dropped. */
export interface OutputCut {
  head: string;
  tail: string;
}
