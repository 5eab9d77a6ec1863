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
  output: string;
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
