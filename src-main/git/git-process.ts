/**
 * One git process: argv in, stdout/stderr/exit code out. Nothing decides here what counts as
 * failure (git.ts does), and nothing waits after the process has exited and its output is read,
 * whether it printed anything or not.
 */
import { spawn } from 'node:child_process';

export interface ProcessResult {
  stdout: string;
  stderr: string;
  /** Null when the process did not run to completion: it could not start, or was stopped. */
  exitCode: number | null;
  /** Why it could not start (ENOENT: git is not installed or not on PATH). */
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
 * Stopping sends SIGTERM, on which git removes the lock files it holds (a SIGKILL would leave an
 * index.lock behind). The result is settled as soon as git itself exits: a program git started
 * (a clean filter, say) may hold the output pipes open for longer.
 */
export function runProcess(argv: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((settle) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let aborted = false;
    let done = false;
    const child = spawn('git', argv, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const finish = (exitCode: number | null, startError: Error | null): void => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString('utf8');
      settle({ stdout: text(out), stderr: text(err), exitCode: aborted ? null : exitCode, startError, aborted });
    };
    const onAbort = (): void => {
      aborted = true;
      child.kill('SIGTERM');
    };
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // git may exit before reading all its input (an early error): that is not our failure.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => finish(null, error));
    child.on('exit', () => {
      if (!aborted) return;
      child.stdout.destroy();
      child.stderr.destroy();
      finish(null, null);
    });
    child.on('close', (code) => finish(code, null));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    child.stdin.end(options.input ?? '');
  });
}
