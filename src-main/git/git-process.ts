/**
 * One git process, through simple-git: argv in, stdout/stderr/exit code out. Nothing decides here
 * what counts as failure (git.ts does): an `errors` plugin captures the process result and clears
 * simple-git's own verdict, which hides exit codes such as merge-tree's 1 for a conflict.
 *
 * simple-git decides a process is finished by its output: after one that printed nothing at all
 * it waits a fixed 50 ms more (its completion plugin; no option turns it off). Flotilla runs tens
 * of git processes per merge check, many of them silent (update-ref, read-tree, add), so every
 * call runs with GIT_TRACE=2: git then always writes its one trace line to stderr, the wait never
 * comes, and the trace lines are taken out of stderr here, before anyone reads it.
 *
 * Its other default, settling 50 ms after the process exits even if output is still arriving, is
 * turned off: a process is done when its pipes close. Stopping (the caller's signal) sends SIGTERM,
 * on which git removes the lock files it holds, and lets go of the pipes at once, so the call
 * returns when git itself exits even if a program git started (a clean filter) still holds them.
 */
import { Readable } from 'node:stream';
import { GitPluginError, simpleGit, type SimpleGitOptions } from 'simple-git';

export interface ProcessResult {
  stdout: string;
  stderr: string;
  /** Null when the process did not run to completion: it could not start, or was stopped. */
  exitCode: number | null;
  /** Why it could not start (ENOENT: git is not installed or not on PATH), or a plugin refused. */
  startError: Error | null;
  aborted: boolean;
}

export interface ProcessOptions {
  cwd: string;
  env: Record<string, string>;
  input?: string;
  signal?: AbortSignal;
}

/**
 * simple-git's own argument guards, off: git-hardening.ts neutralises program-running config for
 * every call, and Flotilla's arguments never come from a user's shell string.
 */
const UNSAFE_ALLOWED = {
  allowUnsafeFsMonitor: true,
  allowUnsafeHooksPath: true,
  allowUnsafePager: true,
  allowUnsafeEditor: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeAskPass: true,
  allowUnsafeProtocolOverride: true,
} as const;

const TRACE_ENV = { GIT_TRACE: '2' };
/** `13:41:00.879229 git.c:460               trace: built-in: git update-ref …`, from git or a git it runs. */
const TRACE_LINE = /^\d{2}:\d{2}:\d{2}\.\d{6} \S+:\d+ +trace: .*(?:\n|$)/gm;

interface Captured {
  stdOut: Buffer[];
  stdErr: Buffer[];
  exitCode: number;
}

export async function runProcess(argv: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const env = { ...options.env, ...TRACE_ENV };
  let captured: Captured | null = null;
  const config: Partial<SimpleGitOptions> = {
    baseDir: options.cwd,
    allowEnvironment: Object.keys(env),
    unsafe: UNSAFE_ALLOWED,
    // Done when git's output is all read (its pipes closed), never "50 ms after it exited": on a
    // busy machine output can still be in flight then, and a cut ls-files listing loses changes.
    completion: { onClose: true, onExit: false },
    // Plugin failures (abort, guards) stay errors; exit codes are judged by the caller.
    errors: (error, result) => {
      captured = result;
      return error instanceof GitPluginError ? error : undefined;
    },
  };
  if (options.signal) config.abort = options.signal;
  const { input } = options;
  if (input !== undefined) config.input = () => input;
  // simple-git hands over the child's stdout and stderr, typed as plain readable streams.
  let pipes: NodeJS.ReadableStream[] = [];
  const letGo = (): void => pipes.forEach((pipe) => pipe instanceof Readable && pipe.destroy());
  options.signal?.addEventListener('abort', letGo, { once: true });
  try {
    const git = simpleGit(config)
      .env(env)
      .outputHandler((_command, stdout, stderr) => {
        pipes = [stdout, stderr];
        if (options.signal?.aborted) letGo();
      });
    const stdout = await git.raw([...argv]);
    const result = captured as Captured | null;
    const stderr = result ? Buffer.concat(result.stdErr).toString('utf8').replace(TRACE_LINE, '') : '';
    return { stdout, stderr, exitCode: result ? result.exitCode : 0, startError: null, aborted: false };
  } catch (error) {
    const aborted = options.signal?.aborted ?? false;
    return { stdout: '', stderr: '', exitCode: null, startError: aborted ? null : toError(error), aborted };
  } finally {
    options.signal?.removeEventListener('abort', letGo);
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
