/**
 * Test support: the built CLI (dist/main/cli.cjs, built by the vitest global setup) run as a
 * real process, with its output collected and its exit awaited.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', '..', 'dist', 'main', 'cli.cjs');

export interface RunningCli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code, or 128 + the signal number's name when killed (as "SIGKILL"). */
  exited: Promise<number | string | null>;
}

export function startCli(args: string[], env: Record<string, string>, stdio: StdioOptions = ['ignore', 'pipe', 'pipe']): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The URL a `flotilla serve` printed, once it has. */
export function servedUrl(serve: RunningCli): string | null {
  return /^Flotilla is listening on (\S+)$/m.exec(serve.stdout())?.[1] ?? null;
}
